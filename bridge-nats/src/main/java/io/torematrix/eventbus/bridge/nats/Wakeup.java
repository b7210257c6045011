package io.torematrix.eventbus.bridge.nats;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes the relay: an event was stored on this bus, an acknowledgement arrived, or the bridge
 * stops. Any thread {@linkplain #set() sets} it (one volatile read while it is set already); the
 * relay {@linkplain #take() takes} it before it looks at its window and the store, so that what
 * happens after the look always finds it set and {@link #await} returns at once.
 *
 * <p>Memory consistency effects: actions of a thread before {@link #set()} <i>happen-before</i>
 * the actions of the relay after a {@link #take()} or {@link #await} that sees it set.
 */
final class Wakeup {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition woken = lock.newCondition();
  private volatile boolean set;

  /** Sets it and wakes the relay if it waits; called by any thread. */
  void set() {
    if (set) {
      return;
    }
    lock.lock();
    try {
      set = true;
      woken.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Clears it: called by the relay before it looks. */
  void take() {
    set = false;
  }

  /**
   * Waits until it is set or {@code nanos} passed; called by the relay. An interrupt ends the
   * wait and stays in the thread's status (only the bridge's close interrupts the relay).
   */
  void await(long nanos) {
    long remaining = nanos;
    lock.lock();
    try {
      while (!set && remaining > 0) {
        remaining = woken.awaitNanos(remaining);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }
}
