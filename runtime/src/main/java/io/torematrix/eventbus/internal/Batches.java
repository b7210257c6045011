package io.torematrix.eventbus.internal;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The batchers of one bus's batch subscribers. Batches are delivered on the {@code DEFERRED}
 * thread, so every flush is handed to it; a flush that thread will never run, because the bus
 * closed while it was busy, abandons the pending batches instead: their events are reported as
 * failed.
 */
final class Batches implements BatchWindows {
  private final Set<Batcher<?>> batchers = ConcurrentHashMap.newKeySet();
  private final Lanes lanes;
  private final BusClock clock;

  /** @param clock keeps the deadlines of batch windows */
  Batches(Lanes lanes, BusClock clock) {
    this.lanes = lanes;
    this.clock = clock;
  }

  /**
   * The windows of the bus's batch subscribers, or {@code null} when the bus runs everything on
   * the caller's thread, where batches leave by size or flush only.
   */
  BatchWindows windows() {
    return lanes.direct ? null : this;
  }

  @Override
  public Future<?> expireAfter(Duration window, Batcher<?> batcher) {
    return clock.afterDelay(
        window, () -> lanes.onDeferredThread(new Flush(Set.of(batcher), Batcher::flush, lanes.deferred)));
  }

  /** Tracks the batcher of {@code subscriber}, if it has one. */
  void track(Subscriber<?> subscriber) {
    if (subscriber.batcher() != null) {
      batchers.add(subscriber.batcher());
    }
  }

  /**
   * Lets go of the batches of unsubscribed subscribers: their pending events are counted as
   * skipped.
   */
  void retire(List<Subscriber<?>> subscribers) {
    for (Subscriber<?> subscriber : subscribers) {
      Batcher<?> batcher = subscriber.batcher();
      if (batcher != null && batchers.remove(batcher)) {
        lanes.onDeferredThread(new Flush(Set.of(batcher), Batcher::flush, lanes.deferred));
      }
    }
  }

  /** Delivers every pending batch now, as {@code drain} does. */
  void flushAll() {
    lanes.onDeferredThread(new Flush(batchers, Batcher::flush, lanes.deferred));
  }

  /** Delivers every pending batch, and every event from now on at once, as the bus closes. */
  void closeWindows() {
    lanes.onDeferredThread(new Flush(batchers, Batcher::closeWindow, lanes.deferred));
  }

  /**
   * Work on the {@code DEFERRED} thread for some batchers, which abandons their batches if it
   * never runs, or, for the batchers not reached yet, once the lane gave up on its work (the close
   * timeout ran out while an earlier batch handler ran).
   */
  private static final class Flush implements Runnable, Abandonable {
    private final Set<Batcher<?>> batchers;
    private final Consumer<Batcher<?>> action;
    private final Lane lane;

    Flush(Set<Batcher<?>> batchers, Consumer<Batcher<?>> action, Lane lane) {
      this.batchers = batchers;
      this.action = action;
      this.lane = lane;
    }

    @Override
    public void run() {
      for (Batcher<?> batcher : batchers) {
        Throwable stopped = lane.stoppedBy();
        if (stopped == null) {
          action.accept(batcher);
        } else {
          batcher.abandon(stopped);
        }
      }
    }

    @Override
    public void abandon(Throwable reason) {
      batchers.forEach(batcher -> batcher.abandon(reason));
    }
  }
}
