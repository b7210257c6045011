package io.torematrix.eventbus;

import java.time.Duration;

/**
 * How long handlers took, from a bounded-memory histogram whose buckets are at most 12.5% wide:
 * percentiles are estimates within that precision, the count, mean and max are exact for the
 * invocations that were timed.
 *
 * @param count timed invocations
 * @param total their summed duration
 * @param mean their mean duration
 * @param max the longest
 * @param p50 the median
 * @param p95 the 95th percentile
 * @param p99 the 99th percentile
 */
public record TimingSnapshot(
    long count,
    Duration total,
    Duration mean,
    Duration max,
    Duration p50,
    Duration p95,
    Duration p99) {

  /** No invocation timed. */
  public static final TimingSnapshot EMPTY =
      new TimingSnapshot(
          0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);
}
