package io.torematrix.eventbus.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executors one bus owns when it is given none. Their threads are daemons named after the
 * bus and the lane, such as {@code torematrix-eventbus-1-normal-2}.
 */
final class BusThreads {
  private static final AtomicInteger BUS_NUMBERS = new AtomicInteger();

  /** The threads of the {@code NORMAL} pool: one per core. */
  static final int NORMAL_THREADS = Runtime.getRuntime().availableProcessors();

  private final int bus = BUS_NUMBERS.incrementAndGet();

  /** One thread per core for {@code NORMAL} handlers; idle threads end after a minute. */
  ExecutorService normalPool() {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            NORMAL_THREADS,
            NORMAL_THREADS,
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            factory("normal", Thread.NORM_PRIORITY));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /**
   * One thread at the lowest priority for {@code DEFERRED} handlers; it also runs the timers of
   * batch windows, so that a batch is only ever touched by that thread.
   */
  ScheduledExecutorService deferredThread() {
    ScheduledThreadPoolExecutor thread =
        new ScheduledThreadPoolExecutor(1, factory("deferred", Thread.MIN_PRIORITY));
    thread.setRemoveOnCancelPolicy(true);
    return thread;
  }

  private ThreadFactory factory(String lane, int priority) {
    String prefix = "torematrix-eventbus-" + bus + "-" + lane + "-";
    AtomicInteger threadNumbers = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + threadNumbers.incrementAndGet());
      thread.setDaemon(true);
      thread.setPriority(priority);
      return thread;
    };
  }
}
