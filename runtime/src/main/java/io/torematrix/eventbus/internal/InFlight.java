package io.torematrix.eventbus.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts work the bus has accepted and not finished, and lets a thread wait until there is none.
 * Waking waiters costs a monitor only when the count drops to zero while someone waits.
 *
 * <p>{@link #exit()} throws, a {@link StackOverflowError} say, only before it counted anything,
 * so that a thread out of stack can owe it (see {@link ThreadState}); if only its wake-up
 * overflows, waiters find out by themselves within {@link #RECHECK_MILLIS}. No {@link
 * java.util.concurrent.locks.Lock} is involved, which such an error could leave locked.
 *
 * <p>Thread-safe. Memory consistency: actions of a thread before {@link #exit()} happen-before the
 * actions of a thread after {@link #awaitIdle} returned {@code true} or {@link #count()} read the
 * count that exit left (the count is one atomic, written by every enter and exit).
 */
final class InFlight implements Owed {
  /** How often a waiter looks again without being woken: bounds the cost of a lost wake-up. */
  private static final long RECHECK_MILLIS = 20;

  private final AtomicLong count = new AtomicLong();
  private volatile int waiters;

  void enter() {
    count.incrementAndGet();
  }

  void exit() {
    exit(1);
  }

  /** Counts {@code finished} pieces of work out at once; see {@link #exit()}. */
  void exit(int finished) {
    if (count.addAndGet(-finished) == 0 && waiters > 0) {
      try {
        signalIdle();
      } catch (StackOverflowError tooDeep) {
        // the waiters look again by themselves
      }
    }
  }

  /** {@link #exit()}, owed. */
  @Override
  public void settle() {
    exit();
  }

  private synchronized void signalIdle() {
    notifyAll();
  }

  long count() {
    return count.get();
  }

  /**
   * Waits until nothing is in flight; returns {@code false} if {@code timeout} passed first. A
   * timeout too long to count in nanoseconds waits as long as it takes, as in {@link TimeUnit}.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
    long remaining = TimeUnit.NANOSECONDS.convert(timeout);
    waiters++;
    try {
      long last = System.nanoTime();
      while (count.get() > 0) {
        if (remaining <= 0) {
          return false;
        }
        wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(remaining), RECHECK_MILLIS)));
        long now = System.nanoTime();
        remaining -= now - last;
        last = now;
      }
      return true;
    } finally {
      waiters--;
    }
  }
}
