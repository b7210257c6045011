package io.torematrix.eventbus.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Wakes the worker of one durable subscription, and tells those waiting for it that it moved on.
 * Publishers {@linkplain #eventStored() call} it after they stored an event the subscription may
 * receive: while the worker is busy, that costs one volatile read. The worker {@linkplain
 * #takeEventStored() takes} the flag before it reads the store, so an event stored after its read
 * always finds the flag set, and {@link #await} returns at once.
 */
final class DurableSignal {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final Condition progressed = lock.newCondition();
  private volatile boolean eventStored;

  /** An event the subscription may receive was stored: wakes the worker unless already woken. */
  void eventStored() {
    if (!eventStored) {
      eventStored = true;
      wake();
    }
  }

  /** Whether an event was stored since the last call; clears the flag. */
  boolean takeEventStored() {
    boolean stored = eventStored;
    if (stored) {
      eventStored = false;
    }
    return stored;
  }

  /** Wakes the worker for another reason (stop, lost lease, requested retry), which it checks. */
  void wake() {
    lock.lock();
    try {
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The worker waits up to {@code nanos} for a stored event or for {@code wakeReason} to hold.
   *
   * @return whether it was woken, rather than waiting the whole time
   * @throws InterruptedException if interrupted
   */
  boolean await(long nanos, BooleanSupplier wakeReason) throws InterruptedException {
    return !waitFor(nanos, true, wakeReason);
  }

  /**
   * The worker sleeps {@code nanos}, unless {@code wakeReason} holds first; stored events do not
   * wake it (it is backing off before a retry).
   *
   * @return whether it slept the whole time
   * @throws InterruptedException if interrupted
   */
  boolean sleep(long nanos, BooleanSupplier wakeReason) throws InterruptedException {
    return waitFor(nanos, false, wakeReason);
  }

  private boolean waitFor(long nanos, boolean onEventStored, BooleanSupplier wakeReason)
      throws InterruptedException {
    long remaining = nanos;
    lock.lock();
    try {
      while (!(onEventStored && eventStored) && !wakeReason.getAsBoolean()) {
        if (remaining <= 0) {
          return true;
        }
        remaining = wake.awaitNanos(remaining);
      }
      return false;
    } finally {
      lock.unlock();
    }
  }

  /** The worker moved on: wakes those waiting in {@link #awaitProgress}. */
  void progressed() {
    lock.lock();
    try {
      progressed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until {@code done} holds, re-checking each time the worker moves on and at least every
   * 100 ms, until {@code deadline}.
   *
   * @return whether {@code done} held in time
   * @throws InterruptedException if interrupted
   */
  boolean awaitProgress(BooleanSupplier done, Deadline deadline) throws InterruptedException {
    lock.lock();
    try {
      while (!done.getAsBoolean()) {
        long remaining = deadline.remainingNanos();
        if (remaining <= 0) {
          return false;
        }
        progressed.awaitNanos(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(100)));
      }
      return true;
    } finally {
      lock.unlock();
    }
  }
}
