package io.torematrix.eventbus.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counts work the bus has accepted and not finished, and lets a thread wait until there is none.
 * Waking waiters costs a lock only when the count drops to zero while someone waits.
 */
final class InFlight {
  private final AtomicLong count = new AtomicLong();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();
  private volatile int waiters;
  /** Calls {@link #exit()}: one instance, so that publishing does not allocate one each time. */
  final Runnable exitTask = this::exit;

  void enter() {
    count.incrementAndGet();
  }

  void exit() {
    if (count.decrementAndGet() == 0 && waiters > 0) {
      lock.lock();
      try {
        idle.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  long count() {
    return count.get();
  }

  /**
   * Waits until nothing is in flight; returns {@code false} if {@code timeout} passed first. A
   * timeout too long to count in nanoseconds waits as long as it takes, as in {@link TimeUnit}.
   */
  boolean awaitIdle(Duration timeout) throws InterruptedException {
    long remaining = TimeUnit.NANOSECONDS.convert(timeout);
    lock.lock();
    try {
      waiters++;
      try {
        while (count.get() > 0) {
          if (remaining <= 0) {
            return false;
          }
          remaining = idle.awaitNanos(remaining);
        }
        return true;
      } finally {
        waiters--;
      }
    } finally {
      lock.unlock();
    }
  }
}
