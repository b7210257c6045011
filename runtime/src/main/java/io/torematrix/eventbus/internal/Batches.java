package io.torematrix.eventbus.internal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The batchers of one bus's batch subscribers. Batches are only ever touched on the {@code
 * DEFERRED} thread, so every flush is handed to it.
 */
final class Batches {
  private final Set<Batcher<?>> batchers = ConcurrentHashMap.newKeySet();
  private final Lanes lanes;

  Batches(Lanes lanes) {
    this.lanes = lanes;
  }

  /** Tracks the batcher of {@code subscriber}, if it has one. */
  void track(Subscriber<?> subscriber) {
    if (subscriber.batcher() != null) {
      batchers.add(subscriber.batcher());
    }
  }

  /** Lets go of the batches of unsubscribed subscribers: their pending events are delivered. */
  void retire(List<Subscriber<?>> subscribers) {
    for (Subscriber<?> subscriber : subscribers) {
      Batcher<?> batcher = subscriber.batcher();
      if (batcher != null && batchers.remove(batcher)) {
        lanes.onDeferredThread(batcher::flush);
      }
    }
  }

  /** Delivers every pending batch now, as {@code drain} does. */
  void flushAll() {
    lanes.onDeferredThread(() -> batchers.forEach(Batcher::flush));
  }

  /** Delivers every pending batch, and every event from now on at once, as the bus closes. */
  void closeWindows() {
    lanes.onDeferredThread(() -> batchers.forEach(Batcher::closeWindow));
  }
}
