package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.HandlerFailure;
import io.torematrix.eventbus.PublishResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The delivery of one event to one group of handlers, possibly spread over threads: it counts the
 * outcomes, keeps every failure and completes {@link #result()} when the last part {@linkplain
 * #settle() arrives}. The publisher holds one part until it has started every handler; each
 * lane's share, each pending asynchronous handler and each pending batch holds another.
 *
 * <p>Completing is resumable: if the thread that brings the last part runs out of stack while it
 * completes, it owes the publication (see {@link ThreadState}), and {@link #settle()} carries on
 * where completing stopped.
 */
final class Publication implements Outcomes, Owed {
  final Object event;
  final EventContext context;
  private final int deferred;
  private final TypeMetrics metrics;
  private final Owed onComplete;
  private static final int DELIVERED = 0;
  private static final int FILTERED = 1;
  private static final int FAILED = 2;
  private static final int SKIPPED = 3;

  private final AtomicInteger parts = new AtomicInteger(1);
  /** Delivered, filtered, failed and skipped handlers, at the indexes named so. */
  private final AtomicIntegerArray counts = new AtomicIntegerArray(4);
  private final List<HandlerFailure> failures = new ArrayList<>();
  private final CompletableFuture<PublishResult> result = new CompletableFuture<>();
  /** Set, by the thread that brought the last part, before it completes anything. */
  private boolean completing;

  private PublishResult outcome;
  private boolean counted;
  private boolean released;
  /**
   * Why publishing failed after this publication began, or {@code null}: the result then fails
   * with it. Written before the publisher's part arrives, so whoever completes sees it.
   */
  private Throwable broken;

  /**
   * @param deferred {@code DEFERRED} handlers queued for the event, reported in the result
   * @param metrics the counters of the event's type, told the outcome
   * @param onComplete settled once, when every part has arrived and before the result completes
   */
  Publication(
      Object event, EventContext context, int deferred, TypeMetrics metrics, Owed onComplete) {
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

  /** Adds a part that must arrive before the result completes. If it throws, none was added. */
  void expect() {
    parts.incrementAndGet();
  }

  /**
   * Makes the result fail with {@code failure} when it completes, unless it is completing
   * already; call before the publisher's own part arrives.
   */
  void breakWith(Throwable failure) {
    if (broken == null && !completing) {
      broken = failure;
    }
  }

  /**
   * Brings one part; the last one completes the result. It throws, a {@link StackOverflowError}
   * say, either before the part arrived or after the publication recorded that it is completing:
   * calling it again, owed, carries on where it stopped.
   */
  @Override
  public void settle() {
    if (completing) {
      complete();
    } else if (parts.decrementAndGet() == 0) {
      completing = true;
      complete();
    }
  }

  private void complete() {
    if (outcome == null) {
      synchronized (failures) {
        outcome =
            PublishResult.of(
                context,
                counts.get(DELIVERED),
                counts.get(FILTERED),
                counts.get(FAILED),
                counts.get(SKIPPED),
                deferred,
                failures);
      }
    }
    if (!counted) {
      metrics.outcome(outcome.delivered(), outcome.filtered(), outcome.failed(), outcome.skipped());
      counted = true;
    }
    if (!released) {
      onComplete.settle();
      released = true;
    }
    if (broken != null) {
      result.completeExceptionally(broken);
    } else {
      result.complete(outcome);
    }
  }

  @Override
  public EventContext context() {
    return context;
  }

  @Override
  public void delivered() {
    counts.incrementAndGet(DELIVERED);
  }

  @Override
  public void filtered() {
    counts.incrementAndGet(FILTERED);
  }

  @Override
  public void skipped() {
    counts.incrementAndGet(SKIPPED);
  }

  @Override
  public void failed(HandlerFailure failure, boolean countsAsFailedHandler) {
    if (countsAsFailedHandler) {
      counts.incrementAndGet(FAILED);
    }
    synchronized (failures) {
      failures.add(failure);
    }
  }

  CompletableFuture<PublishResult> result() {
    return result;
  }
}
