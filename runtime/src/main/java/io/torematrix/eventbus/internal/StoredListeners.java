package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.Subscription;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The listeners told of each event a bus appended to its store ({@link
 * io.torematrix.eventbus.DurableSubscriptions#onEventStored}). Registering and removing copy the
 * array; telling reads it once (one volatile read when there is none). Each listener runs under
 * the read lock of its own registration, which {@link Subscription#close()} takes for writing: once
 * close returns, the listener neither runs nor starts.
 *
 * <p>Thread-safe. A listener's failure (an {@code Error} too) is logged and does not reach the
 * publisher, whose event is stored already.
 */
final class StoredListeners {
  private static final System.Logger LOG = System.getLogger("io.torematrix.eventbus");
  private static final Registration[] NONE = new Registration[0];

  private volatile Registration[] registrations = NONE;

  /** Registers {@code listener}; closing the result removes it. */
  Subscription add(Runnable listener) {
    Registration registration = new Registration(listener);
    synchronized (this) {
      Registration[] now = registrations;
      Registration[] more = Arrays.copyOf(now, now.length + 1);
      more[now.length] = registration;
      registrations = more;
    }
    return registration;
  }

  /** Tells every listener that an event was stored: called by the publishing thread. */
  void eventStored() {
    Registration[] now = registrations;
    for (Registration registration : now) {
      registration.tell();
    }
  }

  private synchronized void remove(Registration registration) {
    Registration[] now = registrations;
    int at = Arrays.asList(now).indexOf(registration);
    if (at < 0) {
      return;
    }
    Registration[] fewer = new Registration[now.length - 1];
    System.arraycopy(now, 0, fewer, 0, at);
    System.arraycopy(now, at + 1, fewer, at, now.length - at - 1);
    registrations = fewer;
  }

  /** One listener and its barrier. */
  private final class Registration implements Subscription {
    private final Runnable listener;
    private final ReentrantReadWriteLock running = new ReentrantReadWriteLock();
    private volatile boolean active = true;

    Registration(Runnable listener) {
      this.listener = listener;
    }

    void tell() {
      if (!active) {
        return;
      }
      running.readLock().lock();
      try {
        if (active) {
          listener.run();
        }
      } catch (RuntimeException | Error failed) {
        LOG.log(System.Logger.Level.WARNING, "a listener of stored events failed; the event is stored", failed);
      } finally {
        running.readLock().unlock();
      }
    }

    @Override
    public void close() {
      active = false;
      remove(this);
      if (running.getReadHoldCount() > 0) {
        return; // from inside the listener: it does not wait for itself
      }
      running.writeLock().lock(); // waits for the calls under way on other threads
      running.writeLock().unlock();
    }

    @Override
    public boolean isActive() {
      return active;
    }
  }
}
