package io.torematrix.eventbus.it.persistence;

import io.torematrix.eventbus.annotation.Event;

/** The events of a counter entity, for streams, folds and replays. */
@Event(name = "counter")
public sealed interface Counter permits Counter.Added, Counter.Reset {
  String counterId();

  /** Adds {@code amount}. Version 2 renamed {@code by} (version 1) to {@code amount}. */
  @Event(name = "counter.added", version = 2, topic = "counters.added")
  record Added(String counterId, int amount) implements Counter {}

  @Event(name = "counter.reset", topic = "counters.reset")
  record Reset(String counterId) implements Counter {}

  /** Folds an event into a total. */
  static int apply(int total, Counter event) {
    return event instanceof Added added ? total + added.amount() : 0;
  }
}
