package io.torematrix.eventbus.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The places of one bounded queue: a counting semaphore whose {@link #give()} throws, a {@link
 * StackOverflowError} say, only before it gave anything back, so that a thread out of stack can
 * owe it, and which holds no {@link java.util.concurrent.locks.Lock} that such an error could
 * leave locked (a monitor is released however its block ends). Taking costs one compare-and-set
 * while there is room; a waiter waits on the monitor, and looks again every {@link
 * #RECHECK_MILLIS} in case a wake-up was lost to an overflow. Not fair: a taker that comes while
 * others wait may take first.
 *
 * <p>Thread-safe. Memory consistency: actions of a thread before it {@linkplain #give() gives} a
 * place back happen-before the actions of a thread after it took a place (through the atomic count
 * of free places, which every take and give reads and writes). A waiting {@link #take(long)}
 * responds to interruption: it throws, having taken nothing.
 */
final class Room {
  private static final long RECHECK_MILLIS = 20;

  private final int capacity;
  private final AtomicInteger free;
  private volatile int waiters;

  Room(int capacity) {
    this.capacity = capacity;
    this.free = new AtomicInteger(capacity);
  }

  /** Takes a place if one is free now. */
  boolean tryTake() {
    for (; ; ) {
      int places = free.get();
      if (places == 0) {
        return false;
      }
      if (free.compareAndSet(places, places - 1)) {
        return true;
      }
    }
  }

  /**
   * Takes a place, waiting up to {@code nanos} for one.
   *
   * @return {@code false} if none came free in time
   * @throws InterruptedException if interrupted while waiting; nothing was taken
   */
  boolean take(long nanos) throws InterruptedException {
    if (tryTake()) {
      return true;
    }
    long deadline = System.nanoTime() + nanos;
    synchronized (this) {
      waiters++;
      try {
        while (!tryTake()) {
          long remaining = deadline - System.nanoTime();
          if (remaining <= 0) {
            return false;
          }
          wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(remaining), RECHECK_MILLIS)));
        }
        return true;
      } finally {
        waiters--;
      }
    }
  }

  /** Gives a place back. */
  void give() {
    give(1);
  }

  /** Gives {@code places} places back at once, waking as many waiters; see {@link #give()}. */
  void give(int places) {
    free.addAndGet(places);
    if (waiters > 0) {
      try {
        signalFreed(places);
      } catch (StackOverflowError tooDeep) {
        // the waiters look again by themselves
      }
    }
  }

  private synchronized void signalFreed(int places) {
    if (places == 1) {
      notify();
    } else {
      notifyAll();
    }
  }

  /** Places taken. */
  int taken() {
    return capacity - free.get();
  }
}
