package io.torematrix.eventbus.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads one bus owns: its lanes' threads when it is given no executor, the workers of its
 * durable subscriptions and the thread that renews their leases. They are daemons named after the
 * bus and their job, such as {@code torematrix-eventbus-1-normal-2} or {@code
 * torematrix-eventbus-1-durable-order-projection}.
 */
final class BusThreads {
  private static final AtomicInteger BUS_NUMBERS = new AtomicInteger();

  /** The threads of the {@code NORMAL} lane: one per core. */
  static final int NORMAL_THREADS = Runtime.getRuntime().availableProcessors();

  /** How long an owned thread waits for work before it ends. */
  static final Duration IDLE = Duration.ofMinutes(1);

  private final int bus = BUS_NUMBERS.incrementAndGet();

  /** The bus's number in the process, from 1, as its threads' names show it. */
  int busNumber() {
    return bus;
  }

  /** Makes the threads of {@code lane} (a name such as "normal"), at {@code priority}. */
  ThreadFactory factory(String lane, int priority) {
    String prefix = "torematrix-eventbus-" + bus + "-" + lane + "-";
    AtomicInteger threadNumbers = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + threadNumbers.incrementAndGet());
      thread.setDaemon(true);
      thread.setPriority(priority);
      return thread;
    };
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
}
