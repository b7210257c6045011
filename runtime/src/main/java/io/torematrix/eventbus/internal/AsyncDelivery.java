package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.HandlerFailure;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One asynchronous handler whose stage is still pending: it holds a part of the event's
 * publication until the stage completes, its deadline passes, the bus closes without waiting for
 * it any longer, or waiting for either cannot be arranged. Whichever comes first takes the outcome, records it, and brings the part; the others
 * find it taken and do nothing. A deadline is cancelled as soon as the stage completes.
 */
final class AsyncDelivery<E> {
  private final HandlerInvoker invoker;
  private final Subscriber<E> subscriber;
  private final E event;
  private final Publication publication;
  /** When the handler started, for its timing, or -1 if it is not timed. */
  private final long start;

  private final AtomicBoolean taken = new AtomicBoolean();
  private volatile Future<?> deadline;

  AsyncDelivery(
      HandlerInvoker invoker,
      Subscriber<E> subscriber,
      E event,
      Publication publication,
      long start) {
    this.invoker = invoker;
    this.subscriber = subscriber;
    this.event = event;
    this.publication = publication;
    this.start = start;
  }

  /**
   * Adds a part to the publication and waits for {@code stage}, and for the subscriber's timeout
   * if it has one, on {@code clock}. If it throws, no part was added.
   */
  void await(CompletionStage<?> stage, BusClock clock, ThreadState thread) {
    thread.hold();
    try {
      publication.expect();
    } catch (Throwable noPart) {
      thread.held--;
      throw noPart;
    }
    try {
      invoker.pendingAsync.add(this);
      Throwable closedBy = invoker.asyncAbandonedBy; // read after the add: see abandonPendingAsync
      if (closedBy != null) {
        abandon(closedBy);
      }
      stage.whenComplete(this::completed);
      if (subscriber.timeout != null && !taken.get()) {
        Future<?> timer = clock.afterDelay(subscriber.timeout, this::timedOut);
        deadline = timer;
        if (taken.get()) {
          timer.cancel(false);
        }
      }
    } catch (Throwable cannotWait) {
      if (taken.compareAndSet(false, true)) {
        record(cannotWait, thread);
        return;
      }
    }
    thread.held--;
  }

  private void completed(Object value, Throwable error) {
    ThreadState thread = ThreadState.get();
    thread.hold();
    if (!taken.compareAndSet(false, true)) {
      thread.held--;
      return;
    }
    record(error == null ? null : HandlerInvoker.unwrap(error), thread);
    Future<?> timer = deadline;
    if (timer != null) {
      timer.cancel(false);
    }
  }

  private void timedOut() {
    abandon(
        new TimeoutException(
            subscriber.description
                + " did not complete within its timeout of "
                + subscriber.timeout));
  }

  /** Fails the handler with {@code reason} unless its outcome was taken already. */
  void abandon(Throwable reason) {
    ThreadState thread = ThreadState.get();
    thread.hold();
    if (!taken.compareAndSet(false, true)) {
      thread.held--;
      return;
    }
    Future<?> timer = deadline;
    if (timer != null) {
      timer.cancel(false);
    }
    record(reason, thread);
  }

  /**
   * Records the outcome and brings the part, with room held to owe it; lets go of that room.
   *
   * @param failure the handler's failure, or {@code null} if it completed normally
   */
  private void record(Throwable failure, ThreadState thread) {
    try {
      try {
        invoker.pendingAsync.remove(this);
      } catch (StackOverflowError tooDeep) {
        // left in the set, taken: abandoning it at close does nothing
      }
      if (start >= 0) {
        publication.metrics().handlerTook(System.nanoTime() - start);
      }
      if (failure == null) {
        publication.delivered();
      } else {
        invoker.fail(subscriber, event, publication, HandlerFailure.Step.HANDLER, failure, false);
      }
    } finally {
      try {
        publication.settle();
      } catch (StackOverflowError tooDeep) {
        thread.owed[thread.owing++] = publication;
      }
      thread.held--;
    }
    thread.leaving();
  }
}
