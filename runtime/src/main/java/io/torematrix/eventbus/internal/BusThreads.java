package io.torematrix.eventbus.internal;

import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the threads one bus owns when it is given no executor: daemons named after the bus and
 * the lane, such as {@code torematrix-eventbus-1-normal-2}.
 */
final class BusThreads {
  private static final AtomicInteger BUS_NUMBERS = new AtomicInteger();

  /** The threads of the {@code NORMAL} lane: one per core. */
  static final int NORMAL_THREADS = Runtime.getRuntime().availableProcessors();

  /** How long an owned thread waits for work before it ends. */
  static final Duration IDLE = Duration.ofMinutes(1);

  private final int bus = BUS_NUMBERS.incrementAndGet();

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
}
