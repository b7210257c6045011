package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.HandlerFailure;
import io.torematrix.eventbus.HandlerTiming;
import io.torematrix.eventbus.PublishResult;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs handlers and routes every failure: to the subscription's error callback, then to the bus's
 * error handler, then into the publication's result. While a handler runs on a thread, its event's
 * context is that thread's {@linkplain #current() current context}, from which events it publishes
 * take their correlation and causation ids.
 */
final class HandlerInvoker {
  private static final ThreadLocal<EventContext> CURRENT = new ThreadLocal<>();
  private static final System.Logger LOG = System.getLogger("io.torematrix.eventbus");

  private final Consumer<? super HandlerFailure> errorHandler;
  private final HandlerTiming timing;
  private final BusClock clock;

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

  /** The context of the event whose handler runs on this thread, or {@code null}. */
  static EventContext current() {
    return CURRENT.get();
  }

  /**
   * Delivers {@code event} to {@code subscribers}, all synchronous, right here, and returns the
   * result: the fast path of an event whose handlers are all {@code IMMEDIATE} and synchronous.
   * The thread's current context is set once for all of them.
   */
  PublishResult deliverNow(
      Subscriber<?>[] subscribers, Object event, EventContext context, TypeMetrics metrics) {
    Tally tally = new Tally(context);
    boolean timed = TypeMetrics.shouldTime(timing);
    EventContext previous = CURRENT.get();
    CURRENT.set(context);
    try {
      for (Subscriber<?> subscriber : subscribers) {
        callSync(subscriber, event, tally, metrics, timed);
      }
    } finally {
      restore(previous);
    }
    return tally.result(metrics);
  }

  private <E> void callSync(
      Subscriber<E> subscriber, Object published, Tally tally, TypeMetrics metrics, boolean timed) {
    if (!subscriber.isActive()) {
      return;
    }
    E event = subscriber.eventType.cast(published);
    if (!accepts(subscriber, event, tally)) {
      return;
    }
    long start = timed ? System.nanoTime() : 0L;
    try {
      subscriber.syncHandler.handle(event, tally.context());
      tally.delivered();
    } catch (Throwable handlerFailure) {
      fail(subscriber, event, tally, HandlerFailure.Step.HANDLER, handlerFailure);
    }
    if (timed) {
      metrics.handlerTook(System.nanoTime() - start);
    }
  }

  /** Delivers the publication's event to each subscriber, in order. */
  void deliverAll(Subscriber<?>[] subscribers, Publication publication) {
    for (Subscriber<?> subscriber : subscribers) {
      deliver(subscriber, publication);
    }
  }

  /**
   * Delivers the publication's event to {@code subscriber}, unless it was unsubscribed meanwhile.
   * An asynchronous handler adds a part to the publication that arrives when its stage completes.
   */
  <E> void deliver(Subscriber<E> subscriber, Publication publication) {
    if (!subscriber.isActive()) {
      return;
    }
    E event = subscriber.eventType.cast(publication.event);
    EventContext previous = CURRENT.get();
    CURRENT.set(publication.context);
    try {
      if (accepts(subscriber, event, publication)) {
        run(subscriber, event, publication);
      }
    } finally {
      restore(previous);
    }
  }

  /** Applies the filter; a rejection is counted, a failure reported. */
  private <E> boolean accepts(Subscriber<E> subscriber, E event, Outcomes publication) {
    if (subscriber.filter == null) {
      return true;
    }
    try {
      if (subscriber.filter.test(event)) {
        return true;
      }
      publication.filtered();
    } catch (Throwable filterFailure) {
      fail(subscriber, event, publication, HandlerFailure.Step.FILTER, filterFailure);
    }
    return false;
  }

  private <E> void run(Subscriber<E> subscriber, E event, Publication publication) {
    Batcher<E> batcher = subscriber.batcher();
    if (batcher != null) {
      batcher.add(event, publication);
      return;
    }
    boolean timed = TypeMetrics.shouldTime(timing);
    long start = timed ? System.nanoTime() : 0L;
    try {
      if (subscriber.syncHandler != null) {
        subscriber.syncHandler.handle(event, publication.context);
        publication.delivered();
      } else {
        startAsync(subscriber, event, publication, timed, start);
        return;
      }
    } catch (Throwable handlerFailure) {
      fail(subscriber, event, publication, HandlerFailure.Step.HANDLER, handlerFailure);
    }
    if (timed) {
      publication.metrics().handlerTook(System.nanoTime() - start);
    }
  }

  /**
   * Starts an async handler; {@code start} is its start time if it is {@code timed}. A timeout's
   * deadline is cancelled as soon as the handler's stage completes.
   */
  private <E> void startAsync(
      Subscriber<E> subscriber, E event, Publication publication, boolean timed, long start)
      throws Throwable {
    CompletionStage<?> stage = subscriber.asyncHandler.handle(event, publication.context);
    if (stage == null) {
      throw new NullPointerException(
          subscriber.description + " returned null instead of a CompletionStage");
    }
    publication.expect();
    CompletableFuture<Object> outcome = new CompletableFuture<>();
    stage.whenComplete(
        (value, error) -> {
          if (error == null) {
            outcome.complete(value);
          } else {
            outcome.completeExceptionally(unwrap(error));
          }
        });
    if (subscriber.timeout != null && !outcome.isDone()) {
      Future<?> deadline =
          clock.afterDelay(
              subscriber.timeout,
              () ->
                  outcome.completeExceptionally(
                      new TimeoutException(
                          subscriber.description
                              + " did not complete within its timeout of "
                              + subscriber.timeout)));
      outcome.whenComplete((value, error) -> deadline.cancel(false));
    }
    outcome.whenComplete(
        (value, error) -> {
          if (timed) {
            publication.metrics().handlerTook(System.nanoTime() - start);
          }
          try {
            if (error == null) {
              publication.delivered();
            } else {
              fail(subscriber, event, publication, HandlerFailure.Step.HANDLER, error);
            }
          } finally {
            publication.arrive();
          }
        });
  }

  /**
   * Hands a batch to its subscriber; each event's part of its publication arrives afterwards. A
   * failure is reported once per event of the batch.
   */
  <E> void deliverBatch(Subscriber<E> subscriber, List<E> events, List<Publication> publications) {
    try {
      if (!subscriber.isActive()) {
        return;
      }
      boolean timed = TypeMetrics.shouldTime(timing);
      long start = timed ? System.nanoTime() : 0L;
      try {
        subscriber.batchHandler.handle(Collections.unmodifiableList(events));
        if (timed) {
          publications.get(0).metrics().handlerTook(System.nanoTime() - start);
        }
        publications.forEach(Publication::delivered);
      } catch (Throwable error) {
        for (int i = 0; i < events.size(); i++) {
          fail(subscriber, events.get(i), publications.get(i), HandlerFailure.Step.HANDLER, error);
        }
      }
    } finally {
      publications.forEach(Publication::arrive);
    }
  }

  /**
   * Puts back the context that was current before a handler ran. A thread's entry is set to
   * {@code null} rather than removed: removing clears a weak reference, which costs more than the
   * rest of an immediate delivery, and the entry holds nothing once it is {@code null}.
   */
  private static void restore(EventContext previous) {
    CURRENT.set(previous);
  }

  /**
   * Reports a failure of {@code subscriber} everywhere it belongs: its error callback, the bus's
   * error handler and the publication. A failure of the error callback is reported the same way.
   */
  <E> void fail(
      Subscriber<E> subscriber,
      E event,
      Outcomes publication,
      HandlerFailure.Step step,
      Throwable error) {
    HandlerFailure failure =
        new HandlerFailure(subscriber.description, step, error, event, publication.context());
    HandlerFailure callbackFailure = null;
    if (subscriber.onError != null) {
      try {
        subscriber.onError.onError(event, error);
      } catch (Throwable callbackError) {
        callbackFailure =
            new HandlerFailure(
                subscriber.description,
                HandlerFailure.Step.ERROR_CALLBACK,
                callbackError,
                event,
                publication.context());
      }
    }
    report(failure);
    publication.failed(failure, true);
    if (callbackFailure != null) {
      report(callbackFailure);
      publication.failed(callbackFailure, false);
    }
  }

  /** Hands {@code failure} to the bus's error handler; if that throws, logs both. */
  void report(HandlerFailure failure) {
    try {
      errorHandler.accept(failure);
    } catch (Throwable handlerError) {
      LOG.log(
          System.Logger.Level.ERROR,
          "the bus's error handler threw while being told about " + failure,
          handlerError);
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

  private static Throwable unwrap(Throwable error) {
    Throwable current = error;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }
}
