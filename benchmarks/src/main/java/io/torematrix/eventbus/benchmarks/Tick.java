package io.torematrix.eventbus.benchmarks;

import io.torematrix.eventbus.annotation.Event;

/** The event every benchmark publishes. */
@Event(name = "bench.tick")
public record Tick(long value) implements Signal {}
