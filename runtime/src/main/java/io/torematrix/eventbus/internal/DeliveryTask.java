package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.HandlerFailure;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Delivers one event to some subscribers of one lane, in order, then marks its part of the lane
 * done. It runs at most once: whoever claims it first, a thread that {@linkplain #run runs} it
 * or one that {@linkplain #abandon abandons} it because it can never run, does its work, so a
 * task whose hand-over is in doubt can be abandoned safely. Abandoned, it reports each of its
 * subscribers as failed instead (as skipped, if unsubscribed before the bus began to close), so
 * no accepted event disappears without a trace; if an error escapes a delivery, the subscribers
 * not reached are reported as failed with it.
 *
 * <p>While it runs, its thread {@linkplain ThreadState#beginHolding holds} room on the lane.
 * Finishing is resumable (see {@link ThreadState}).
 */
final class DeliveryTask implements Runnable, Abandonable, Owed {
  private final HandlerInvoker invoker;
  private final Subscriber<?>[] subscribers;
  private final Publication publication;
  private final LanePart part;
  private final AtomicBoolean claimed = new AtomicBoolean();
  /** The first subscriber without an outcome; written by the thread that claimed the task. */
  private int next;
  /** Why the subscribers from {@code next} on are not delivered, or {@code null}. */
  private Throwable abandonedBy;

  private boolean done;

  DeliveryTask(
      HandlerInvoker invoker, Subscriber<?>[] subscribers, Publication publication, LanePart part) {
    this.invoker = invoker;
    this.subscribers = subscribers;
    this.publication = publication;
    this.part = part;
  }

  @Override
  public void run() {
    ThreadState thread = ThreadState.get();
    thread.hold();
    try {
      thread.beginHolding(part.lane);
    } catch (Throwable notStarted) {
      thread.held--;
      throw notStarted;
    }
    if (!claimed.compareAndSet(false, true)) {
      thread.holds--;
      thread.held--;
      return;
    }
    Throwable escaped = null;
    try {
      part.lane.running(1);
      try {
        for (; next < subscribers.length; next++) {
          // the close timeout ran out (this task may have waited in an ordered subscriber's
          // queue, behind one that blocked): the deliveries not started are reported failed
          Throwable stopped = part.lane.stoppedBy();
          if (stopped != null) {
            abandonedBy = stopped;
            break;
          }
          invoker.deliver(subscribers[next], publication, thread);
        }
      } finally {
        part.lane.running(-1);
      }
    } catch (Throwable error) {
      escaped = error;
    }
    thread.holds--;
    if (escaped != null && abandonedBy == null) {
      abandonedBy = escaped;
    }
    try {
      settle();
    } catch (StackOverflowError tooDeep) {
      thread.owed[thread.owing++] = this;
    }
    thread.held--;
    thread.leaving();
  }

  /** Reports every subscriber as failed with {@code reason}, unless the task was claimed before. */
  @Override
  public void abandon(Throwable reason) {
    ThreadState thread = ThreadState.get();
    thread.hold();
    if (!claimed.compareAndSet(false, true)) {
      thread.held--;
      return;
    }
    abandonedBy = reason;
    try {
      settle();
    } catch (StackOverflowError tooDeep) {
      thread.owed[thread.owing++] = this;
    }
    thread.held--;
    thread.leaving();
  }

  /** Finishes the claimed task: reports what was not delivered, then marks the part done. */
  @Override
  public void settle() {
    if (abandonedBy != null) {
      for (; next < subscribers.length; next++) {
        report(subscribers[next], abandonedBy);
      }
    }
    if (!done) {
      part.settle();
      done = true;
    }
  }

  /**
   * Reports a delivery that will not run: skipped if unsubscribed before the bus began to close,
   * else failed.
   */
  private <E> void report(Subscriber<E> subscriber, Throwable reason) {
    if (subscriber.leftBeforeBusClosed()) {
      publication.skipped();
      return;
    }
    E event = subscriber.eventType.cast(publication.event);
    invoker.fail(subscriber, event, publication, HandlerFailure.Step.HANDLER, reason, false);
  }
}
