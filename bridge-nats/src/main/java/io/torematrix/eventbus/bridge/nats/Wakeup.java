package io.torematrix.eventbus.bridge.nats;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes the relay: an event was stored on this bus, an acknowledgement arrived, or the bridge
 * stops. Any thread {@linkplain #set() sets} it (one volatile read while it is set already); the
 * relay {@linkplain #take() takes} it before it looks at its window and the store, so that what
 * happens after the look always finds it set and {@link #await} returns at once.
 *
 * <p>Acknowledgements may instead be {@linkplain #acknowledged() counted}: a count wakes a relay
 * that {@linkplain #await(long, int) waits} for that many, so that a relay whose window is full
 * publishes the room a batch of acknowledgements made at once rather than one message per wake-up.
 *
 * <p>Memory consistency effects: actions of a thread before {@link #set()} <i>happen-before</i>
 * the actions of the relay after a {@link #take()} or {@link #await} that sees it set.
 */
final class Wakeup {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition woken = lock.newCondition();
  private volatile boolean set;
  /** Acknowledgements counted since the last {@link #take()}. */
  private final AtomicInteger acknowledged = new AtomicInteger();
  /** How many counted acknowledgements wake the relay. */
  private volatile int wanted = 1;

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

  /**
   * Counts an acknowledgement, and sets it once as many were counted since the last {@link
   * #take()} as the relay {@linkplain #await(long, int) waits} for; called by any thread.
   */
  void acknowledged() {
    if (acknowledged.incrementAndGet() >= wanted) {
      set();
    }
  }

  /** Clears it and the count: called by the relay before it looks. */
  void take() {
    set = false;
    acknowledged.set(0);
  }

  /**
   * Waits until it is set or {@code nanos} passed; called by the relay. An interrupt ends the
   * wait and stays in the thread's status (only the bridge's close interrupts the relay).
   */
  void await(long nanos) {
    await(nanos, 1);
  }

  /**
   * As {@link #await(long)}, but also ends the wait once {@code acks} acknowledgements were
   * counted since the last {@link #take()}; called by the relay.
   *
   * @param acks at least 1
   */
  void await(long nanos, int acks) {
    wanted = acks; // written before the count is read; a counter reads it after counting
    try {
      if (acknowledged.get() < acks) {
        awaitSet(nanos);
      }
    } finally {
      wanted = 1;
    }
  }

  private void awaitSet(long nanos) {
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
