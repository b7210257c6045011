package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.EventTypeMetrics;
import io.torematrix.eventbus.HandlerTiming;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * The live counters of one event type on one bus. Publishers add to striped counters, never
 * taking a lock, and allocate nothing to count; outcomes are added once per publication, when it
 * completes.
 */
final class TypeMetrics {
  private static final int SAMPLE_MASK = 31;

  private final String typeName;
  private final LongAdder published = new LongAdder();
  private final LongAdder delivered = new LongAdder();
  private final LongAdder filtered = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder skipped = new LongAdder();
  private final LongAdder dead = new LongAdder();
  private final LatencyHistogram handlerTime = new LatencyHistogram();

  TypeMetrics(String typeName) {
    this.typeName = typeName;
  }

  void published() {
    published.increment();
  }

  void dead() {
    dead.increment();
  }

  /** Adds the outcome of one publication. */
  void outcome(int delivered, int filtered, int failed, int skipped) {
    if (delivered != 0) {
      this.delivered.add(delivered);
    }
    if (filtered != 0) {
      this.filtered.add(filtered);
    }
    if (failed != 0) {
      this.failed.add(failed);
    }
    if (skipped != 0) {
      this.skipped.add(skipped);
    }
  }

  /** Whether to time the invocation about to start. */
  static boolean shouldTime(HandlerTiming timing) {
    return timing == HandlerTiming.ALL
        || (timing == HandlerTiming.SAMPLED
            && (ThreadLocalRandom.current().nextInt() & SAMPLE_MASK) == 0);
  }

  void handlerTook(long nanos) {
    handlerTime.record(nanos);
  }

  /** The sum of {@code types}, named {@code "*"}. */
  static EventTypeMetrics total(List<TypeMetrics> types) {
    long published = 0;
    long delivered = 0;
    long filtered = 0;
    long failed = 0;
    long skipped = 0;
    long dead = 0;
    List<LatencyHistogram> histograms = new ArrayList<>();
    for (TypeMetrics type : types) {
      published += type.published.sum();
      delivered += type.delivered.sum();
      filtered += type.filtered.sum();
      failed += type.failed.sum();
      skipped += type.skipped.sum();
      dead += type.dead.sum();
      histograms.add(type.handlerTime);
    }
    return new EventTypeMetrics(
        "*",
        published,
        delivered,
        filtered,
        failed,
        skipped,
        dead,
        LatencyHistogram.snapshotOf(histograms));
  }

  EventTypeMetrics snapshot() {
    return new EventTypeMetrics(
        typeName,
        published.sum(),
        delivered.sum(),
        filtered.sum(),
        failed.sum(),
        skipped.sum(),
        dead.sum(),
        handlerTime.snapshot());
  }
}
