package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.TimingSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Durations in nanoseconds, counted in log-linear buckets: eight per power of two, so each bucket
 * is at most 12.5% wide, up to 2^42 ns (73 minutes; longer values land in the last bucket).
 * Memory is fixed (336 counters); recording takes no lock.
 */
final class LatencyHistogram {
  private static final int SUB_BITS = 3;
  private static final int SUB_BUCKETS = 1 << SUB_BITS;
  private static final int MAX_EXPONENT = 42;
  private static final int BUCKETS = (MAX_EXPONENT - SUB_BITS + 1) * SUB_BUCKETS + SUB_BUCKETS;

  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
  private final LongAdder sum = new LongAdder();
  private final LongAccumulator max = new LongAccumulator(Math::max, 0);

  void record(long nanos) {
    long value = Math.max(0, nanos);
    counts.incrementAndGet(index(value));
    sum.add(value);
    max.accumulate(value);
  }

  static int index(long value) {
    if (value < SUB_BUCKETS) {
      return (int) value;
    }
    int exponent = 63 - Long.numberOfLeadingZeros(value);
    if (exponent > MAX_EXPONENT) {
      return BUCKETS - 1;
    }
    int sub = (int) ((value >>> (exponent - SUB_BITS)) & (SUB_BUCKETS - 1));
    return (exponent - SUB_BITS + 1) * SUB_BUCKETS + sub;
  }

  /** The middle of the values bucket {@code index} holds. */
  static long midpoint(int index) {
    if (index < SUB_BUCKETS) {
      return index;
    }
    int exponent = index / SUB_BUCKETS + SUB_BITS - 1;
    int sub = index % SUB_BUCKETS;
    long low = (long) (SUB_BUCKETS + sub) << (exponent - SUB_BITS);
    long width = 1L << (exponent - SUB_BITS);
    return low + width / 2;
  }

  TimingSnapshot snapshot() {
    return snapshotOf(List.of(this));
  }

  /** One snapshot of all values recorded in {@code histograms}. */
  static TimingSnapshot snapshotOf(Iterable<LatencyHistogram> histograms) {
    long[] copy = new long[BUCKETS];
    long count = 0;
    long total = 0;
    long maximum = 0;
    for (LatencyHistogram histogram : histograms) {
      for (int i = 0; i < BUCKETS; i++) {
        long inBucket = histogram.counts.get(i);
        copy[i] += inBucket;
        count += inBucket;
      }
      total += histogram.sum.sum();
      maximum = Math.max(maximum, histogram.max.get());
    }
    if (count == 0) {
      return TimingSnapshot.EMPTY;
    }
    return new TimingSnapshot(
        count,
        Duration.ofNanos(total),
        Duration.ofNanos(total / count),
        Duration.ofNanos(maximum),
        Duration.ofNanos(Math.min(maximum, percentile(copy, count, 0.50))),
        Duration.ofNanos(Math.min(maximum, percentile(copy, count, 0.95))),
        Duration.ofNanos(Math.min(maximum, percentile(copy, count, 0.99))));
  }

  private static long percentile(long[] counts, long total, double quantile) {
    long rank = (long) Math.ceil(quantile * total);
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return midpoint(i);
      }
    }
    return midpoint(counts.length - 1);
  }
}
