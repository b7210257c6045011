package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.HandlerFailure;
import io.torematrix.eventbus.HandlerTiming;
import io.torematrix.eventbus.PublishResult;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * Runs handlers and routes every failure: to the subscription's error callback, then to the bus's
 * error handler, then into the outcomes of the event. While a handler runs on a thread, its
 * event's context is that thread's {@linkplain #current() current context}, from which events it
 * publishes take their correlation and causation ids.
 *
 * <p>Each run of a subscriber's code passes the subscriber's gate ({@link Subscriber#tryEnter()}):
 * a subscriber unsubscribed before the run starts is counted as skipped, and unsubscribing waits
 * for the runs that passed. The gate is left with the release discipline of {@link ThreadState},
 * so that even a {@link StackOverflowError} does not leave a run counted for ever. The outcome of
 * a delivery is recorded by its last call, so a delivery from which an error escapes has no
 * outcome yet and its caller reports it.
 */
final class HandlerInvoker {
  private static final System.Logger LOG = System.getLogger("io.torematrix.eventbus");

  private final Consumer<? super HandlerFailure> errorHandler;
  private final HandlerTiming timing;
  private final BusClock clock;
  /** Asynchronous handlers whose stage is still pending, for a close that cannot wait for them. */
  final Set<AsyncDelivery<?>> pendingAsync = ConcurrentHashMap.newKeySet();
  /**
   * Why the bus stopped waiting for pending asynchronous handlers, once it did: a handler whose
   * invocation was running then (its filter, say) and whose stage begins to pend only afterwards
   * is failed with it at once ({@link AsyncDelivery#await}), rather than left pending for good.
   */
  volatile Throwable asyncAbandonedBy;

  /**
   * An invoker with the builder's error handler (by default {@link #logFailure}) and timing.
   *
   * @param clock keeps the deadlines of asynchronous handlers with a timeout
   */
  HandlerInvoker(BusBuilder builder, BusClock clock) {
    this.errorHandler =
        builder.errorHandler != null ? builder.errorHandler : HandlerInvoker::logFailure;
    this.timing = builder.handlerTiming;
    this.clock = clock;
  }

  /**
   * Fails every asynchronous handler whose stage is still pending with {@code reason}, for a bus
   * that closes without waiting any longer, and those whose stage begins to pend from now on; a
   * stage that completes afterwards changes nothing.
   */
  void abandonPendingAsync(Throwable reason) {
    asyncAbandonedBy = reason; // before the set is read: a handler added after sees the reason
    for (AsyncDelivery<?> pending : pendingAsync) {
      pending.abandon(reason);
    }
  }

  /** The context of the event whose handler runs on this thread, or {@code null}. */
  static EventContext current() {
    return ThreadState.get().currentContext();
  }

  /**
   * Delivers {@code event} to {@code subscribers}, all synchronous, right here, counting the
   * outcomes in {@code delivery} and adding them to {@code counts}, this thread's counts of the
   * event's type: the fast path of an event whose handlers are all {@code IMMEDIATE} and
   * synchronous. {@code delivery} is the innermost of the thread's running synchronous deliveries
   * ({@link ThreadState#beginImmediate}); it is the thread's current one while they run, so an
   * event they publish takes its context as parent.
   *
   * <p>No invocation is counted through its subscriber's gate, a shared atomic: the delivery tells
   * other threads which subscriber it is at (see {@link ThreadState}), with a full fence, then
   * reads that subscriber's gate, so that an unsubscribing thread either sees the delivery at the
   * subscriber and waits for it to move on, or this thread sees the gate closed. The delivery's
   * announcement puts it at the first subscriber with the same fence ({@link
   * ImmediateDelivery#announce}), so that one costs no fence of its own. Nothing else is written
   * per subscriber: no gate is passed, so none is released, and the delivery's position tells
   * this thread too which subscriber's code runs ({@link ThreadState#invokes}).
   *
   * @param lane the lane whose thread this is, delivering an event posted to it, or {@code null}
   *     on the publishing thread: once the lane {@linkplain Lane#stoppedBy gave up} on its work
   *     (the close timeout ran out), no further subscriber is started, and the caller reports
   *     those without an outcome in {@code delivery} as failed
   */
  void deliverNow(
      Subscriber<?>[] subscribers,
      Object event,
      ImmediateDelivery delivery,
      TypeMetrics metrics,
      TypeMetrics.Local counts,
      ThreadState thread,
      Lane lane) {
    boolean timed = TypeMetrics.shouldTime(timing, thread);
    EventContext previous = thread.context;
    int previousDepth = thread.handlingDepth;
    if (previous != null) {
      thread.context = null;
    }
    thread.handlingDepth = thread.immediates;
    try {
      for (int i = 0; i < subscribers.length; i++) {
        if (i != 0) {
          if (lane != null && lane.stoppedBy() != null) {
            break;
          }
          delivery.at(i);
        }
        deliverSync(subscribers[i], event, delivery, metrics, timed);
      }
      delivery.past(subscribers.length);
    } finally {
      if (previous != null) {
        thread.context = previous;
      }
      thread.handlingDepth = previousDepth;
    }
    counts.outcome(delivery.delivered, delivery.filtered, delivery.failed, delivery.skipped);
  }

  private <E> void deliverSync(
      Subscriber<E> subscriber,
      Object published,
      ImmediateDelivery delivery,
      TypeMetrics metrics,
      boolean timed) {
    if (!subscriber.isActive()) {
      delivery.skipped();
      return;
    }
    // the cast holds: a route holds only subscribers of the event's class and of its supertypes
    // (which EventTypes checks when it reads the indexes), and a decoded event is checked against
    // the type it was stored as (Storage.decode)
    @SuppressWarnings("unchecked")
    E event = (E) published;
    if (accepts(subscriber, event, delivery)) {
      callSync(subscriber, event, delivery, metrics, timed);
    }
  }

  /** Delivers the publication's event to each subscriber, in order. */
  void deliverAll(Subscriber<?>[] subscribers, Publication publication, ThreadState thread) {
    for (Subscriber<?> subscriber : subscribers) {
      deliver(subscriber, publication, thread);
    }
  }

  /**
   * Delivers the publication's event to {@code subscriber}, or counts it as skipped if it was
   * unsubscribed meanwhile. An asynchronous handler adds a part to the publication that arrives
   * when its stage completes; a batch handler, one that arrives when its batch was handled.
   */
  <E> void deliver(Subscriber<E> subscriber, Publication publication, ThreadState thread) {
    thread.beginInvocation(subscriber);
    try {
      if (!subscriber.tryEnter()) {
        publication.skipped();
        return;
      }
      EventContext previous = thread.context;
      int previousDepth = thread.handlingDepth;
      thread.context = publication.context;
      thread.handlingDepth = 0;
      try {
        E event = subscriber.eventType.cast(publication.event);
        if (accepts(subscriber, event, publication)) {
          run(subscriber, event, publication, thread);
        }
      } finally {
        thread.context = previous;
        thread.handlingDepth = previousDepth;
        leave(subscriber, thread);
      }
    } finally {
      thread.endInvocation();
    }
  }

  /** Counts an invocation out of the subscriber's gate, or owes it. */
  private static void leave(Subscriber<?> subscriber, ThreadState thread) {
    try {
      subscriber.exit();
    } catch (StackOverflowError tooDeep) {
      thread.owed[thread.owing++] = subscriber;
    }
  }

  /** Applies the filter; a rejection is counted, a failure reported. */
  private <E> boolean accepts(Subscriber<E> subscriber, E event, Outcomes outcomes) {
    if (subscriber.filter == null) {
      return true;
    }
    boolean accepted;
    try {
      accepted = subscriber.filter.test(event);
    } catch (Throwable filterFailure) {
      fail(subscriber, event, outcomes, HandlerFailure.Step.FILTER, filterFailure, true);
      return false;
    }
    if (!accepted) {
      outcomes.filtered();
    }
    return accepted;
  }

  private <E> void callSync(
      Subscriber<E> subscriber, E event, Outcomes outcomes, TypeMetrics metrics, boolean timed) {
    long start = timed ? System.nanoTime() : 0L;
    Throwable failure = null;
    try {
      subscriber.syncHandler.handle(event, subscriber.takesContext ? outcomes.context() : null);
    } catch (Throwable handlerFailure) {
      failure = handlerFailure;
    }
    if (timed) {
      metrics.handlerTook(System.nanoTime() - start);
    }
    if (failure == null) {
      outcomes.delivered();
    } else {
      fail(subscriber, event, outcomes, HandlerFailure.Step.HANDLER, failure, true);
    }
  }

  private <E> void run(
      Subscriber<E> subscriber, E event, Publication publication, ThreadState thread) {
    Batcher<E> batcher = subscriber.batcher();
    if (batcher != null) {
      batcher.add(event, publication, thread);
    } else if (subscriber.syncHandler != null) {
      callSync(
          subscriber, event, publication, publication.metrics(), TypeMetrics.shouldTime(timing));
    } else {
      startAsync(subscriber, event, publication, thread);
    }
  }

  /**
   * Starts an async handler. A stage already complete is recorded at once; a pending one holds a
   * part of the publication until it completes or its deadline passes.
   */
  private <E> void startAsync(
      Subscriber<E> subscriber, E event, Publication publication, ThreadState thread) {
    boolean timed = TypeMetrics.shouldTime(timing);
    long start = timed ? System.nanoTime() : 0L;
    CompletionStage<?> stage;
    try {
      stage = subscriber.asyncHandler.handle(event, publication.context);
      if (stage == null) {
        throw new NullPointerException(
            subscriber.description + " returned null instead of a CompletionStage");
      }
    } catch (Throwable handlerFailure) {
      if (timed) {
        publication.metrics().handlerTook(System.nanoTime() - start);
      }
      fail(subscriber, event, publication, HandlerFailure.Step.HANDLER, handlerFailure, true);
      return;
    }
    if (stage instanceof CompletableFuture<?> future && future.isDone()) {
      Throwable failure = failureOf(future);
      if (timed) {
        publication.metrics().handlerTook(System.nanoTime() - start);
      }
      if (failure == null) {
        publication.delivered();
      } else {
        fail(subscriber, event, publication, HandlerFailure.Step.HANDLER, failure, true);
      }
      return;
    }
    new AsyncDelivery<>(this, subscriber, event, publication, timed ? start : -1)
        .await(stage, clock, thread);
  }

  /**
   * Hands a batch to its subscriber, or counts each event skipped if it was unsubscribed
   * meanwhile; then each event's part of its publication arrives. A failure is reported once per
   * event of the batch. The caller {@linkplain ThreadState#hold() holds} room to owe the batch's
   * arrivals, and this method lets go of it.
   */
  <E> void deliverBatch(Subscriber<E> subscriber, Batch<E> batch, ThreadState thread) {
    batch.started = true;
    try {
      thread.beginInvocation(subscriber);
      try {
        if (!subscriber.tryEnter()) {
          batch.skipAll();
          return;
        }
        try {
          callBatch(subscriber, batch);
        } finally {
          leave(subscriber, thread);
        }
      } finally {
        thread.endInvocation();
      }
    } finally {
      try {
        batch.settle();
      } catch (StackOverflowError tooDeep) {
        thread.owed[thread.owing++] = batch;
      }
      thread.held--;
    }
  }

  private <E> void callBatch(Subscriber<E> subscriber, Batch<E> batch) {
    boolean timed = TypeMetrics.shouldTime(timing);
    long start = timed ? System.nanoTime() : 0L;
    Throwable failure = null;
    try {
      subscriber.batchHandler.handle(Collections.unmodifiableList(batch.events()));
    } catch (Throwable batchFailure) {
      failure = batchFailure;
    }
    if (timed) {
      batch.publication(0).metrics().handlerTook(System.nanoTime() - start);
    }
    for (int i = 0; i < batch.size(); i++) {
      Publication publication = batch.publication(i);
      if (failure == null) {
        publication.delivered();
      } else {
        fail(subscriber, batch.event(i), publication, HandlerFailure.Step.HANDLER, failure, true);
      }
    }
    batch.reported();
  }

  /**
   * Reports a failure of {@code subscriber} everywhere it belongs: its error callback, the bus's
   * error handler and the outcomes. A failure of the error callback is reported the same way.
   *
   * @param invoking whether this thread is inside an invocation of the subscriber (through its
   *     gate); if not, the error callback passes the gate on its own, and is not called once the
   *     subscriber was unsubscribed
   */
  <E> void fail(
      Subscriber<E> subscriber,
      E event,
      Outcomes outcomes,
      HandlerFailure.Step step,
      Throwable error,
      boolean invoking) {
    HandlerFailure failure =
        new HandlerFailure(subscriber.description, step, error, event, outcomes.context());
    HandlerFailure callbackFailure = null;
    if (subscriber.onError != null) {
      callbackFailure =
          invoking
              ? callOnError(subscriber, event, outcomes, error)
              : callOnErrorThroughGate(subscriber, event, outcomes, error);
    }
    report(failure);
    if (callbackFailure != null) {
      report(callbackFailure);
    }
    outcomes.failed(failure, true);
    if (callbackFailure != null) {
      outcomes.failed(callbackFailure, false);
    }
  }

  /** Calls the subscriber's error callback; returns its failure, or {@code null}. */
  private static <E> HandlerFailure callOnError(
      Subscriber<E> subscriber, E event, Outcomes outcomes, Throwable error) {
    try {
      subscriber.onError.onError(event, error);
      return null;
    } catch (Throwable callbackError) {
      return new HandlerFailure(
          subscriber.description,
          HandlerFailure.Step.ERROR_CALLBACK,
          callbackError,
          event,
          outcomes.context());
    }
  }

  /**
   * Calls the subscriber's error callback from outside an invocation of the subscriber (the
   * failure of an asynchronous stage, a delivery abandoned at close): through its gate, so not
   * once it was unsubscribed.
   */
  private static <E> HandlerFailure callOnErrorThroughGate(
      Subscriber<E> subscriber, E event, Outcomes outcomes, Throwable error) {
    ThreadState thread = ThreadState.get();
    thread.beginInvocation(subscriber);
    try {
      if (!subscriber.tryEnter()) {
        return null;
      }
      try {
        return callOnError(subscriber, event, outcomes, error);
      } finally {
        leave(subscriber, thread);
      }
    } finally {
      thread.endInvocation();
    }
  }

  /** Hands {@code failure} to the bus's error handler; if that throws, logs both. */
  void report(HandlerFailure failure) {
    try {
      errorHandler.accept(failure);
    } catch (Throwable handlerError) {
      try {
        LOG.log(
            System.Logger.Level.ERROR,
            "the bus's error handler threw while being told about " + failure,
            handlerError);
      } catch (Throwable loggingFailed) {
        // nothing is left to tell: the failure is still counted in the outcomes
      }
    }
  }

  /** The default bus-wide error handler: logs each failure as a warning with its stack trace. */
  static void logFailure(HandlerFailure failure) {
    LOG.log(
        System.Logger.Level.WARNING,
        failure.handler()
            + " failed ("
            + failure.step()
            + ") on "
            + failure.context().typeName()
            + " event "
            + failure.context().eventId()
            + " on topic "
            + failure.context().topic(),
        failure.error());
  }

  /** The failure of a completed future, unwrapped, or {@code null} if it completed normally. */
  static Throwable failureOf(CompletableFuture<?> done) {
    if (!done.isCompletedExceptionally()) {
      return null;
    }
    try {
      done.join();
      return new IllegalStateException("the stage completed exceptionally, then normally");
    } catch (CompletionException | CancellationException e) {
      return unwrap(e);
    }
  }

  static Throwable unwrap(Throwable error) {
    Throwable current = error;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }
}
