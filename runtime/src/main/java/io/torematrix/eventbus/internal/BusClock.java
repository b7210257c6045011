package io.torematrix.eventbus.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The time and the timeouts of every open bus: one daemon thread, {@value #THREAD_NAME}, shared by
 * the buses of the process, that runs while at least one of them is open. It refreshes the time
 * publishing reads about every millisecond, so that stamping an event costs a volatile read
 * instead of a system call (about 30 ns on common hardware, more than the rest of a publish);
 * timestamps therefore have millisecond granularity and may trail real time by about a
 * millisecond, more if the machine is too busy to run the thread on time. It also keeps the
 * deadlines of requests and asynchronous handlers, which are cancelled, and forgotten, when the
 * work completes first.
 *
 * <p>Each bus {@linkplain #open() opens} a lease when it is built and {@linkplain #close()
 * closes} it when it closes; the first lease starts the thread, the last one stops it. Deadlines
 * still pending then keep it until they are due, and no longer.
 */
final class BusClock {
  /** The name of the clock's thread. */
  static final String THREAD_NAME = "torematrix-eventbus-clock";

  private static final Object LOCK = new Object();
  private static volatile Instant now = Instant.now();
  /** The running thread's executor, or {@code null} while no bus is open; guarded by LOCK. */
  private static ScheduledThreadPoolExecutor thread;
  /** The periodic refresh of {@link #now}, which is not a deadline. */
  private static ScheduledFuture<?> tick;
  private static int openLeases;

  private final ScheduledThreadPoolExecutor executor;
  private boolean closed;

  private BusClock(ScheduledThreadPoolExecutor executor) {
    this.executor = executor;
  }

  /** Opens a lease on the clock, starting its thread if no bus holds one. */
  static BusClock open() {
    synchronized (LOCK) {
      if (openLeases++ == 0) {
        thread = start();
      }
      return new BusClock(thread);
    }
  }

  private static ScheduledThreadPoolExecutor start() {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread clock = new Thread(runnable, THREAD_NAME);
              clock.setDaemon(true);
              return clock;
            });
    executor.setRemoveOnCancelPolicy(true);
    now = Instant.now();
    tick = executor.scheduleWithFixedDelay(() -> now = Instant.now(), 1, 1, TimeUnit.MILLISECONDS);
    return executor;
  }

  /** The current time, to about a millisecond; read it only while holding an open lease. */
  static Instant now() {
    return now;
  }

  /**
   * Runs {@code action} after {@code delay} unless the returned future is cancelled first. The
   * clock's thread only hands the action over: it runs on the common pool of {@link
   * CompletableFuture}'s asynchronous methods, so that an action that blocks cannot stop the
   * clock. After this lease closed, and with it the clock's thread, the JDK's delayed executor
   * keeps the deadline instead. A delay too long to count in nanoseconds is as good as never, as in
   * {@link TimeUnit}.
   */
  Future<?> afterDelay(Duration delay, Runnable action) {
    long nanos = TimeUnit.NANOSECONDS.convert(delay);
    try {
      return executor.schedule(() -> CompletableFuture.runAsync(action), nanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException stopped) {
      return CompletableFuture.runAsync(
          action, CompletableFuture.delayedExecutor(nanos, TimeUnit.NANOSECONDS));
    }
  }

  /** Closes this lease, stopping the thread if it was the last one; closing twice does nothing. */
  void close() {
    synchronized (LOCK) {
      if (closed) {
        return;
      }
      closed = true;
      if (--openLeases == 0) {
        tick.cancel(false);
        thread.shutdown();
        thread = null;
        tick = null;
      }
    }
  }

  /** Deadlines not yet due nor cancelled, across every lease; for tests. */
  static int pendingDeadlines() {
    synchronized (LOCK) {
      if (thread == null) {
        return 0;
      }
      int pending = 0;
      for (Runnable task : thread.getQueue()) {
        if (task != tick) {
          pending++;
        }
      }
      return pending;
    }
  }
}
