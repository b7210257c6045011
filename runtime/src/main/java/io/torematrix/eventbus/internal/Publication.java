package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.HandlerFailure;
import io.torematrix.eventbus.PublishResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The delivery of one event to one group of handlers, possibly spread over threads: it counts the
 * outcomes, keeps every failure and completes {@link #result()} when the last part {@linkplain
 * #arrive() arrives}. The publisher holds one part until it has started every handler; each
 * task and each pending asynchronous handler holds another.
 */
final class Publication implements Outcomes {
  final Object event;
  final EventContext context;
  private final int deferred;
  private final TypeMetrics metrics;
  private final Runnable onComplete;
  private final AtomicInteger parts = new AtomicInteger(1);
  private final AtomicInteger delivered = new AtomicInteger();
  private final AtomicInteger filtered = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final List<HandlerFailure> failures = new ArrayList<>();
  private final CompletableFuture<PublishResult> result = new CompletableFuture<>();

  /**
   * @param deferred {@code DEFERRED} handlers queued for the event, reported in the result
   * @param metrics the counters of the event's type, told the outcome
   * @param onComplete runs once, when the result is complete
   */
  Publication(
      Object event, EventContext context, int deferred, TypeMetrics metrics, Runnable onComplete) {
    this.event = event;
    this.context = context;
    this.deferred = deferred;
    this.metrics = metrics;
    this.onComplete = onComplete;
  }

  /** The counters of the event's type. */
  TypeMetrics metrics() {
    return metrics;
  }

  /** Adds a part that must {@linkplain #arrive() arrive} before the result completes. */
  void expect() {
    parts.incrementAndGet();
  }

  /** Completes one part; the last one completes the result. */
  void arrive() {
    if (parts.decrementAndGet() == 0) {
      PublishResult outcome;
      synchronized (failures) {
        outcome =
            PublishResult.of(
                context, delivered.get(), filtered.get(), failed.get(), deferred, failures);
      }
      metrics.outcome(outcome.delivered(), outcome.filtered(), outcome.failed());
      try {
        onComplete.run();
      } finally {
        result.complete(outcome);
      }
    }
  }

  @Override
  public EventContext context() {
    return context;
  }

  @Override
  public void delivered() {
    delivered.incrementAndGet();
  }

  @Override
  public void filtered() {
    filtered.incrementAndGet();
  }

  @Override
  public void failed(HandlerFailure failure, boolean countsAsFailedHandler) {
    if (countsAsFailedHandler) {
      failed.incrementAndGet();
    }
    synchronized (failures) {
      failures.add(failure);
    }
  }

  CompletableFuture<PublishResult> result() {
    return result;
  }
}
