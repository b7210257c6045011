package io.torematrix.eventbus.benchmarks;

import io.torematrix.eventbus.annotation.Event;

/** An event family, for polymorphic delivery. */
@Event(name = "bench.signal")
public interface Signal {
  long value();
}
