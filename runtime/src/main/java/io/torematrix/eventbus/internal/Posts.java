package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.HandlerFailure;
import java.time.Instant;
import java.util.UUID;

/**
 * Delivers, on a lane's thread, the events {@code post}ed to the lane's {@link Ring}, a batch at a
 * time, or reports them as failed when the lane gives up on them; then gives back, once per batch,
 * the room each event held on the lane and its count in flight.
 *
 * <p>Each event is delivered as an {@code IMMEDIATE} event is on its publishing thread (see {@link
 * Deliverer#postNow}): through a delivery of this thread announced to threads that close or drain
 * the bus or unsubscribe, its outcomes counted in plain counters and added to this thread's counts
 * of its type, its context made only when something reads it (a handler that takes it, a failure
 * report, an event published from a handler), stamped with the time it was posted. So a batch of
 * events none of whose handlers reads the context allocates nothing. A handler's failure, an
 * {@code Error} included, goes to the subscription's {@code onError}, then the bus's error handler;
 * if an error escapes the delivery itself (a {@link StackOverflowError} say), the subscribers not
 * reached are reported as failed with it.
 */
final class Posts {
  private static final System.Logger LOG = System.getLogger("io.torematrix.eventbus");

  private final HandlerInvoker invoker;
  private final Lifecycle lifecycle;

  Posts(HandlerInvoker invoker, Lifecycle lifecycle) {
    this.invoker = invoker;
    this.lifecycle = lifecycle;
  }

  /**
   * Delivers the first {@code count} events of {@code batch}, taken from {@code lane}'s ring, on
   * this thread, which holds their room on the lane meanwhile; then gives it back and counts them
   * out of flight, clearing the batch. Once the lane {@linkplain Lane#stoppedBy gave up} on its
   * queued work, the events not started yet are reported as failed instead (see {@link
   * #abandon}). Throws nothing.
   */
  void deliver(Lane lane, Posted[] batch, int count) {
    ThreadState thread = ThreadState.get();
    try {
      thread.register();
      thread.beginHolding(lane);
      try {
        lane.running(count);
        try {
          for (int i = 0; i < count; i++) {
            // an interrupt meant for an earlier handler is not this one's; cleared before the
            // lane's state is read, so that one from a close that gives up on the lane is kept
            Thread.interrupted();
            Throwable stopped = lane.stoppedBy();
            if (stopped == null) {
              deliver(lane, batch[i], thread);
            } else {
              abandon(batch[i], stopped, thread);
            }
          }
        } finally {
          lane.running(-count);
        }
      } finally {
        thread.holds--;
      }
    } catch (Throwable escaped) {
      LOG.log(
          System.Logger.Level.ERROR,
          "delivering a batch of posted events on the " + lane + " threw; this is a bug",
          escaped);
    } finally {
      finish(lane, batch, count);
    }
  }

  private void deliver(Lane lane, Posted posted, ThreadState thread) {
    ImmediateDelivery delivery = thread.holdImmediate();
    try {
      TypeMetrics metrics = posted.type.metrics();
      TypeMetrics.Local counts = thread.countsOf(metrics);
      try {
        delivery.announce(lifecycle, posted.subscribers);
        delivery.begin(
            posted.ids, posted.type, posted.topic, posted.parent, posted.stamp, posted.id);
        invoker.deliverNow(
            posted.subscribers, posted.event, delivery, metrics, counts, thread, lane);
        if (reached(delivery) < posted.subscribers.length) { // the lane stopped between them
          int failed = delivery.failed;
          int skipped = delivery.skipped;
          reportUnreached(posted, delivery, lane.stoppedBy());
          counts.outcome(0, 0, delivery.failed - failed, delivery.skipped - skipped);
        }
      } catch (Throwable escaped) {
        reportUnreached(posted, delivery, escaped);
        counts.outcome(delivery.delivered, delivery.filtered, delivery.failed, delivery.skipped);
      }
    } finally {
      try {
        delivery.end();
      } catch (StackOverflowError tooDeep) {
        delivery.owed = delivery.written; // no call: one would overflow too
        thread.owed[thread.owing++] = delivery;
      }
      delivery.forget();
      thread.immediates--;
      thread.held--;
      thread.leaving();
    }
  }

  /**
   * Reports the subscribers that have no outcome in {@code delivery} (those from the one whose
   * delivery {@code escaped} on: a delivery records an outcome as its last step) as failed with
   * it, or skipped if unsubscribed before the bus began to close.
   */
  private void reportUnreached(Posted posted, ImmediateDelivery delivery, Throwable escaped) {
    for (int i = reached(delivery); i < posted.subscribers.length; i++) {
      report(posted.subscribers[i], posted.event, delivery, escaped);
    }
  }

  /** How many subscribers have an outcome in {@code delivery}: they are reached in order. */
  private static int reached(ImmediateDelivery delivery) {
    return delivery.delivered + delivery.filtered + delivery.failed + delivery.skipped;
  }

  /**
   * Reports each subscriber of the first {@code count} events of {@code batch}, taken from {@code
   * lane}'s ring, as failed with {@code reason} (skipped if unsubscribed before the bus began to
   * close), for a lane that gave up on them; then gives back their room and counts them out of
   * flight, clearing the batch. Throws nothing.
   */
  void abandon(Lane lane, Posted[] batch, int count, Throwable reason) {
    ThreadState thread = ThreadState.get();
    try {
      for (int i = 0; i < count; i++) {
        abandon(batch[i], reason, thread);
      }
    } catch (Throwable escaped) {
      LOG.log(
          System.Logger.Level.ERROR,
          "reporting posted events the " + lane + " gave up on as failed threw; this is a bug",
          escaped);
    } finally {
      finish(lane, batch, count);
    }
  }

  private void abandon(Posted posted, Throwable reason, ThreadState thread) {
    ImmediateDelivery delivery = thread.holdImmediate();
    try {
      delivery.begin(
            posted.ids, posted.type, posted.topic, posted.parent, posted.stamp, posted.id);
      for (Subscriber<?> subscriber : posted.subscribers) {
        report(subscriber, posted.event, delivery, reason);
      }
      thread
          .countsOf(posted.type.metrics())
          .outcome(delivery.delivered, delivery.filtered, delivery.failed, delivery.skipped);
    } finally {
      thread.immediates--;
      thread.held--;
      thread.leaving();
    }
  }

  /**
   * Reports a delivery that will not run: skipped if unsubscribed before the bus began to close,
   * else failed.
   */
  private <E> void report(
      Subscriber<E> subscriber, Object published, Outcomes outcomes, Throwable reason) {
    if (subscriber.leftBeforeBusClosed()) {
      outcomes.skipped();
      return;
    }
    E event = subscriber.eventType.cast(published);
    invoker.fail(subscriber, event, outcomes, HandlerFailure.Step.HANDLER, reason, false);
  }

  /**
   * The context of an event posted to a lane at {@code now} with the id {@code eventId} (taken
   * then), of {@code type}, on {@code topic}, caused by {@code parent} if that is not {@code
   * null}: what {@link Publisher#newContext} makes, with the id and time of the post.
   */
  static EventContext context(
      UUID eventId, Instant now, EventType type, String topic, EventContext parent) {
    EventContext.Builder context =
        EventContext.builder()
            .eventId(eventId)
            .timestamp(now)
            .topic(topic)
            .type(type.info().name(), type.info().version());
    if (parent != null) {
      context.correlationId(parent.correlationId()).causationId(parent.eventId());
    }
    return context.build();
  }

  /** Gives back the room and the counts in flight of {@code count} events, and clears them. */
  private void finish(Lane lane, Posted[] batch, int count) {
    for (int i = 0; i < count; i++) {
      batch[i].clear();
    }
    lane.release(count);
    lifecycle.inFlight.exit(count);
  }
}
