package io.torematrix.eventbus.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The time and the timeouts of every open bus: two daemon threads shared by the buses of the
 * process, that run while at least one of them is open.
 *
 * <p>The clock, {@value #THREAD_NAME}, refreshes the time publishing reads about every
 * millisecond, so that stamping an event costs a volatile read instead of a system call (about 30
 * ns on common hardware, more than the rest of a publish); timestamps therefore have millisecond
 * granularity and may trail real time by about a millisecond, more if the machine is too busy to
 * run the thread on time. It is a loop of its own that no failure ends: a tick that fails (reading
 * the time allocates, so with the heap full it throws {@link OutOfMemoryError}) is skipped and the
 * next one, a millisecond later, sets the time again. An executor's thread would not do: an Error
 * thrown while the executor waits for its next task ends its thread, and the periodic task with
 * it, so timestamps stayed at the moment memory ran out for the rest of the process. The time read
 * is always the system clock's at the last tick that succeeded, so timestamps keep the order of
 * the system clock.
 *
 * <p>The deadlines, {@value #DEADLINES_THREAD_NAME}, keep the deadlines of requests, asynchronous
 * handlers and batch windows, which are cancelled, and forgotten, when the work completes first.
 * Should an Error end that thread, the next deadline scheduled starts another.
 *
 * <p>Each bus {@linkplain #open() opens} a lease when it is built and {@linkplain #close()
 * closes} it when it closes; the first lease starts the threads, the last one stops them.
 * Deadlines still pending then keep their thread until they are due, and no longer.
 */
final class BusClock {
  /** The name of the clock's thread. */
  static final String THREAD_NAME = "torematrix-eventbus-clock";

  /** The name of the thread that keeps the deadlines. */
  static final String DEADLINES_THREAD_NAME = "torematrix-eventbus-deadlines";

  /** How long the clock waits between two ticks, in nanoseconds. */
  private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private static final Object LOCK = new Object();
  private static volatile Instant now = Instant.now();
  /** The deadlines' executor, or {@code null} while no bus is open; guarded by LOCK. */
  private static ScheduledThreadPoolExecutor thread;
  /** The running clock, or {@code null} while no bus is open; guarded by LOCK. */
  private static Ticker tick;
  private static int openLeases;

  private final ScheduledThreadPoolExecutor executor;
  private boolean closed;

  private BusClock(ScheduledThreadPoolExecutor executor) {
    this.executor = executor;
  }

  /** Opens a lease on the clock, starting its threads if no bus holds one. */
  static BusClock open() {
    synchronized (LOCK) {
      if (openLeases == 0) {
        now = Instant.now();
        ScheduledThreadPoolExecutor deadlines = start();
        Ticker ticker = new Ticker();
        try {
          ticker.start();
        } catch (RuntimeException | Error notStarted) {
          deadlines.shutdown();
          throw notStarted;
        }
        tick = ticker;
        thread = deadlines;
      }
      openLeases++;
      return new BusClock(thread);
    }
  }

  private static ScheduledThreadPoolExecutor start() {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread deadlines = new Thread(runnable, DEADLINES_THREAD_NAME);
              deadlines.setDaemon(true);
              return deadlines;
            });
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }

  /**
   * The clock's loop: sets {@link #now} about every millisecond until {@linkplain #halt() halted}.
   * Every Throwable of a tick is caught, and the loop goes on: nothing ends it but {@link #halt()}.
   */
  private static final class Ticker extends Thread {
    private volatile boolean halted;

    Ticker() {
      super(THREAD_NAME);
      setDaemon(true);
    }

    @Override
    public void run() {
      while (!halted) {
        try {
          now = Instant.now();
        } catch (Throwable failedTick) {
          // Skipped: the next tick sets the time again. Anything done here could fail the same way.
        }
        LockSupport.parkNanos(this, TICK_NANOS);
      }
    }

    void halt() {
      halted = true;
      LockSupport.unpark(this);
    }
  }

  /** The current time, to about a millisecond; read it only while holding an open lease. */
  static Instant now() {
    return now;
  }

  /**
   * Runs {@code action} after {@code delay} unless the returned future is cancelled first. The
   * deadlines' thread only hands the action over: it runs on the common pool of {@link
   * CompletableFuture}'s asynchronous methods, so that an action that blocks cannot stop the
   * deadlines. After this lease closed, and with it the deadlines' thread, the JDK's delayed executor
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

  /** Closes this lease, stopping the threads if it was the last one; closing twice does nothing. */
  void close() {
    synchronized (LOCK) {
      if (closed) {
        return;
      }
      closed = true;
      if (--openLeases == 0) {
        tick.halt();
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
      return thread.getQueue().size();
    }
  }
}
