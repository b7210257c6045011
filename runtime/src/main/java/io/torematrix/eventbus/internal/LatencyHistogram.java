package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.TimingSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Durations in nanoseconds, counted in log-linear buckets: eight per power of two, so each bucket
 * is at most 12.5% wide, up to 2^43 ns (about 2.4 hours; longer values land in the last bucket).
 * Its memory is bounded: 328 counters per stripe, a stripe made when its first thread records, at
 * most 8 stripes. Recording takes no lock.
 *
 * <p>The bucket counts are striped, like {@link LongAdder}'s cells, so that recording threads
 * seldom write the same counter: each thread counts in the stripe of the number it is given when
 * it first records (threads are given numbers in turn, for the whole JVM, so two threads running
 * now may still share a stripe). The sum and maximum are a {@link LongAdder} and a {@link
 * LongAccumulator}.
 *
 * <p>A snapshot taken while threads record may leave out values recorded meanwhile, but is
 * consistent: a value is counted in its bucket and in the maximum before it is added to the sum,
 * and a snapshot reads the sum first, then the maximum, then the buckets, so that its mean is never
 * above its maximum.
 */
final class LatencyHistogram {
  private static final int SUB_BITS = 3;
  private static final int SUB_BUCKETS = 1 << SUB_BITS;
  private static final int MAX_EXPONENT = 42;
  private static final int BUCKETS = (MAX_EXPONENT - SUB_BITS + 1) * SUB_BUCKETS + SUB_BUCKETS;

  /** The stripes of bucket counts: the processors, rounded up to a power of two, at most 8. */
  static final int STRIPES =
      Math.min(8, ceilingPowerOfTwo(Runtime.getRuntime().availableProcessors()));

  /** Stripe numbers, given to threads in turn as each first records. */
  private static final AtomicInteger NEXT_STRIPE = new AtomicInteger();

  private static final ThreadLocal<Integer> STRIPE =
      ThreadLocal.withInitial(NEXT_STRIPE::getAndIncrement);

  private final AtomicReferenceArray<AtomicLongArray> stripes = new AtomicReferenceArray<>(STRIPES);
  private final LongAdder sum = new LongAdder();
  private final LongAccumulator max = new LongAccumulator(Math::max, 0);

  void record(long nanos) {
    long value = Math.max(0, nanos);
    stripe().incrementAndGet(index(value));
    max.accumulate(value);
    sum.add(value); // last: see the class's comment on snapshots
  }

  private static int ceilingPowerOfTwo(int value) {
    return Integer.highestOneBit(Math.max(1, 2 * value - 1));
  }

  /** The calling thread's stripe, made if it is the first to count there. */
  private AtomicLongArray stripe() {
    int at = STRIPE.get() & (STRIPES - 1);
    AtomicLongArray stripe = stripes.get(at);
    if (stripe == null) {
      AtomicLongArray made = new AtomicLongArray(BUCKETS);
      stripe = stripes.compareAndExchange(at, null, made);
      if (stripe == null) {
        stripe = made;
      }
    }
    return stripe;
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
      total += histogram.sum.sum(); // first: see the class's comment on snapshots
      maximum = Math.max(maximum, histogram.max.get());
      for (int s = 0; s < STRIPES; s++) {
        AtomicLongArray stripe = histogram.stripes.get(s);
        for (int i = 0; stripe != null && i < BUCKETS; i++) {
          long inBucket = stripe.get(i);
          copy[i] += inBucket;
          count += inBucket;
        }
      }
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
