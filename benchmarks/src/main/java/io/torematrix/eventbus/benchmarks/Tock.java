package io.torematrix.eventbus.benchmarks;

import io.torematrix.eventbus.annotation.Event;

/** An event unrelated to {@link Tick}: subscriptions to it change no route a tick takes. */
@Event(name = "bench.tock")
public record Tock(long value) {}
