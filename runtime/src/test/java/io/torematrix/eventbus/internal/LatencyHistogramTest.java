package io.torematrix.eventbus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.TimingSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

  @Test
  void everyBucketHoldsItsMidpointAndIsAtMostAnEighthWide() {
    for (long value = 1; value < (1L << 40); value = value * 3 / 2 + 1) {
      int index = LatencyHistogram.index(value);
      long midpoint = LatencyHistogram.midpoint(index);
      assertTrue(
          Math.abs(midpoint - value) <= Math.max(1, value / 8),
          value + " landed in bucket " + index + " whose midpoint is " + midpoint);
    }
  }

  @Test
  void valuesRecordedByManyThreadsAreAllInTheSnapshot() throws Exception {
    LatencyHistogram histogram = new LatencyHistogram();
    int threads = 4 * LatencyHistogram.STRIPES + 3;
    int each = 10_000;
    Thread[] recorders = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      long value = 1_000L * (t + 1);
      recorders[t] =
          new Thread(
              () -> {
                for (int i = 0; i < each; i++) {
                  histogram.record(value);
                }
              });
      recorders[t].start();
    }
    for (Thread recorder : recorders) {
      recorder.join(30_000);
    }

    TimingSnapshot snapshot = histogram.snapshot();

    assertEquals((long) threads * each, snapshot.count());
    assertEquals(Duration.ofNanos(1_000L * threads), snapshot.max());
    assertEquals(Duration.ofNanos(1_000L * (threads + 1) / 2), snapshot.mean());
    assertWithin(1_000L * threads, snapshot.p99());
  }

  @Test
  void percentilesMeanAndMaxOfAKnownDistribution() {
    LatencyHistogram histogram = new LatencyHistogram();
    for (int i = 1; i <= 1000; i++) {
      histogram.record(i * 1_000L);
    }

    TimingSnapshot snapshot = histogram.snapshot();

    assertEquals(1000, snapshot.count());
    assertEquals(Duration.ofNanos(500_500), snapshot.mean());
    assertEquals(Duration.ofNanos(1_000_000), snapshot.max());
    assertWithin(500_000, snapshot.p50());
    assertWithin(950_000, snapshot.p95());
    assertWithin(990_000, snapshot.p99());
  }

  @Test
  void snapshotsOfSeveralHistogramsCombineTheirValues() {
    LatencyHistogram a = new LatencyHistogram();
    LatencyHistogram b = new LatencyHistogram();
    a.record(100);
    b.record(300);

    TimingSnapshot combined = LatencyHistogram.snapshotOf(List.of(a, b));

    assertEquals(2, combined.count());
    assertEquals(Duration.ofNanos(200), combined.mean());
    assertEquals(Duration.ofNanos(300), combined.max());
  }

  @Test
  void anEmptyHistogramHasAnEmptySnapshot() {
    assertEquals(TimingSnapshot.EMPTY, new LatencyHistogram().snapshot());
  }

  /**
   * A snapshot taken while threads record may leave values out, but stays consistent: every value
   * is one second, so no snapshot may have a mean above its max (found by review: the sum was read
   * after the buckets, and counted values the buckets had not).
   */
  @Test
  void aSnapshotTakenWhileThreadsRecordHasAMeanNoGreaterThanItsMax() throws Exception {
    LatencyHistogram histogram = new LatencyHistogram();
    long second = 1_000_000_000L;
    AtomicBoolean stop = new AtomicBoolean();
    Thread[] recorders = new Thread[2];
    for (int t = 0; t < recorders.length; t++) {
      recorders[t] =
          new Thread(
              () -> {
                while (!stop.get()) {
                  histogram.record(second);
                }
              });
      recorders[t].start();
    }
    TimingSnapshot wrong = null;
    int taken = 0;
    try {
      long end = System.nanoTime() + 2_000_000_000L;
      while (wrong == null && System.nanoTime() < end) {
        TimingSnapshot snapshot = histogram.snapshot();
        taken++;
        if (snapshot.count() > 0 && snapshot.mean().compareTo(snapshot.max()) > 0) {
          wrong = snapshot;
        }
      }
    } finally {
      stop.set(true);
      for (Thread recorder : recorders) {
        recorder.join();
      }
    }
    assertTrue(wrong == null, "snapshot " + taken + ": " + wrong);
  }

  private static void assertWithin(long expectedNanos, Duration actual) {
    long nanos = actual.toNanos();
    assertTrue(
        Math.abs(nanos - expectedNanos) <= expectedNanos / 8,
        "expected about " + expectedNanos + " ns but was " + nanos);
  }
}
