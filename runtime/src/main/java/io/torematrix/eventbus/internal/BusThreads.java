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
 * The threads one bus owns: its lanes' executors when it is given none, the workers of its durable
 * subscriptions and the thread that renews their leases. They are daemons named after the bus and
 * their job, such as {@code torematrix-eventbus-1-normal-2} or {@code
 * torematrix-eventbus-1-durable-order-projection}.
 */
final class BusThreads {
  private static final AtomicInteger BUS_NUMBERS = new AtomicInteger();

  /** The threads of the {@code NORMAL} pool: one per core. */
  static final int NORMAL_THREADS = Runtime.getRuntime().availableProcessors();

  private final int bus = BUS_NUMBERS.incrementAndGet();

  /** The bus's number in the process, from 1, as its threads' names show it. */
  int busNumber() {
    return bus;
  }

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

  /** The worker of durable subscription {@code name}, not started. */
  Thread durableWorker(String name, Runnable worker) {
    Thread thread = new Thread(worker, "torematrix-eventbus-" + bus + "-durable-" + name);
    thread.setDaemon(true);
    return thread;
  }

  /** The one thread that renews the leases of the bus's durable subscriptions. */
  ScheduledThreadPoolExecutor leaseThread() {
    ScheduledThreadPoolExecutor thread =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread leases = new Thread(runnable, "torematrix-eventbus-" + bus + "-leases");
              leases.setDaemon(true);
              return leases;
            });
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
