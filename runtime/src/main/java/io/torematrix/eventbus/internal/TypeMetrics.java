package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.EventTypeMetrics;
import io.torematrix.eventbus.HandlerTiming;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * The live counters of one event type on one bus. Publishers add to striped counters, never
 * taking a lock, and allocate nothing to count; outcomes are added once per publication, when it
 * completes. A synchronous delivery on the publishing thread (the fast path) counts in that
 * thread's own {@link Local} counts instead, with plain writes to memory no other thread writes;
 * a snapshot adds them up, and folds those of threads that are gone into the striped counters.
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

  /** The counts of each thread that delivered synchronously; guarded by itself. */
  private final List<Local> locals = new ArrayList<>();

  TypeMetrics(String typeName) {
    this.typeName = typeName;
  }

  /**
   * One thread's counts of the type's synchronous deliveries: written by that thread alone, with
   * plain writes, and read by snapshots.
   */
  static final class Local {
    private final WeakReference<Thread> owner = new WeakReference<>(Thread.currentThread());
    long published;
    long delivered;
    long filtered;
    long failed;
    long skipped;

    /** Adds the outcome of one delivery. */
    void outcome(int delivered, int filtered, int failed, int skipped) {
      this.delivered += delivered;
      if ((filtered | failed | skipped) != 0) {
        this.filtered += filtered;
        this.failed += failed;
        this.skipped += skipped;
      }
    }
  }

  /**
   * New counts for the calling thread, which keeps them (see {@link ThreadState#countsOf}). Those
   * of threads that are gone are folded into the striped counters meanwhile.
   */
  Local newLocal() {
    Local local = new Local();
    synchronized (locals) {
      foldGone();
      locals.add(local);
    }
    return local;
  }

  private void foldGone() {
    locals.removeIf(
        local -> {
          if (local.owner.get() != null) {
            return false;
          }
          published.add(local.published);
          delivered.add(local.delivered);
          filtered.add(local.filtered);
          failed.add(local.failed);
          skipped.add(local.skipped);
          return true;
        });
  }

  /** The sums of the threads' counts: published, delivered, filtered, failed, skipped. */
  private long[] localSums() {
    long[] sums = new long[5];
    synchronized (locals) {
      foldGone();
      for (Local local : locals) {
        sums[0] += local.published;
        sums[1] += local.delivered;
        sums[2] += local.filtered;
        sums[3] += local.failed;
        sums[4] += local.skipped;
      }
    }
    return sums;
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

  /**
   * Whether to time the synchronous deliveries of the event about to be delivered on {@code
   * thread}: sampled by a per-thread countdown drawn at random, 1 to 64 (one in 32.5 on average),
   * cheaper than a random number per event.
   */
  static boolean shouldTime(HandlerTiming timing, ThreadState thread) {
    if (timing != HandlerTiming.SAMPLED) {
      return timing == HandlerTiming.ALL;
    }
    if (--thread.untilSample > 0) {
      return false;
    }
    thread.untilSample = 1 + (ThreadLocalRandom.current().nextInt() & (2 * SAMPLE_MASK + 1));
    return true;
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
      long[] local = type.localSums();
      published += type.published.sum() + local[0];
      delivered += type.delivered.sum() + local[1];
      filtered += type.filtered.sum() + local[2];
      failed += type.failed.sum() + local[3];
      skipped += type.skipped.sum() + local[4];
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
    long[] local = localSums();
    return new EventTypeMetrics(
        typeName,
        published.sum() + local[0],
        delivered.sum() + local[1],
        filtered.sum() + local[2],
        failed.sum() + local[3],
        skipped.sum() + local[4],
        dead.sum(),
        handlerTime.snapshot());
  }
}
