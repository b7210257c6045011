package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.HandlerFailure;
import io.torematrix.eventbus.PublishResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcomes of an event whose handlers all ran, synchronously, on the publishing thread: plain
 * counters, no synchronisation, and a failure list only when something failed.
 */
final class Tally implements Outcomes {
  private final EventContext context;
  private int delivered;
  private int filtered;
  private int failed;
  private int skipped;
  private List<HandlerFailure> failures;

  Tally(EventContext context) {
    this.context = context;
  }

  @Override
  public EventContext context() {
    return context;
  }

  @Override
  public void delivered() {
    delivered++;
  }

  @Override
  public void filtered() {
    filtered++;
  }

  @Override
  public void skipped() {
    skipped++;
  }

  @Override
  public void failed(HandlerFailure failure, boolean countsAsFailedHandler) {
    if (countsAsFailedHandler) {
      failed++;
    }
    if (failures == null) {
      failures = new ArrayList<>();
    }
    failures.add(failure);
  }

  /** The result, after adding the outcome to {@code metrics}. */
  PublishResult result(TypeMetrics metrics) {
    metrics.outcome(delivered, filtered, failed, skipped);
    return PublishResult.of(
        context, delivered, filtered, failed, skipped, 0, failures == null ? List.of() : failures);
  }
}
