package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.EventContext;
import java.time.Duration;
import java.util.Objects;

/**
 * Whether one bus is open, what it has accepted and not yet finished, and how it ends: {@link
 * #drain} waits for the work in flight and for the durable subscriptions to reach the head of the
 * store, {@link #close} stops intake and the durable subscriptions, waits for both up to the close
 * timeout, then stops the bus's threads and its store.
 *
 * <p>Accepting an event counts it in {@link #inFlight} before it checks that the bus is open, and
 * the count is let go once every handler that the publish stage awaits is done; {@code DEFERRED}
 * deliveries hold a place of their own. An event whose handlers all run synchronously on the
 * publishing thread is announced in that thread's state instead (see {@link ThreadState}), so
 * that its delivery writes nothing other threads share. Closing sets the closed flag before it
 * waits, so a publisher that counted or announced either sees the flag and lets go, or is waited
 * for.
 *
 * <p>Unless the builder turned it off, a JVM shutdown hook closes the bus if the JVM exits while
 * it is open, so that pending deliveries run, within the close timeout, or are reported as
 * failed; closing removes the hook.
 */
final class Lifecycle {
  private static final System.Logger LOG = System.getLogger("io.torematrix.eventbus");

  final InFlight inFlight = new InFlight();
  private final Duration closeTimeout;
  private final Batches batches;
  private final Lanes lanes;
  private final Storage storage;
  private final DurableRegistry durables;
  private final BusClock clock;
  private final EventIds ids;
  private final HandlerInvoker invoker;
  private final Object closeLock = new Object();
  private volatile boolean closed;
  /** Guarded by closeLock. */
  private boolean terminated;
  /**
   * Whether a close runs; guarded by closeLock. Only the closing thread can see it set (others
   * wait for the lock): code that close runs on it, an error handler told of an abandoned
   * delivery say, may call close again, which returns at once.
   */
  private boolean closing;
  /** Closes the bus at JVM exit; {@code null} if there is none, or it was removed. */
  private Thread shutdownHook;

  /**
   * @param storage closed with the bus; {@code null} without a store
   * @param durables the durable subscriptions, stopped before the store closes
   * @param clock the bus's lease on the clock, closed last
   * @param ids the bus's event ids, which tell its own events from those of other buses
   * @param invoker fails the asynchronous handlers still pending when the close timeout ran out
   */
  Lifecycle(
      BusBuilder builder,
      Batches batches,
      Lanes lanes,
      Storage storage,
      DurableRegistry durables,
      BusClock clock,
      EventIds ids,
      HandlerInvoker invoker) {
    this.closeTimeout = builder.closeTimeout;
    this.batches = batches;
    this.lanes = lanes;
    this.storage = storage;
    this.durables = durables;
    this.clock = clock;
    this.ids = ids;
    this.invoker = invoker;
  }

  /**
   * Registers a JVM shutdown hook that runs {@code closeBus}, the bus's {@code close()}, if the JVM
   * exits while the bus is open.
   */
  void closeAtShutdown(Runnable closeBus) {
    Thread hook = new Thread(() -> closeAtExit(closeBus), "torematrix-eventbus-shutdown");
    synchronized (closeLock) {
      shutdownHook = hook;
    }
    Runtime.getRuntime().addShutdownHook(hook);
  }

  private void closeAtExit(Runnable closeBus) {
    synchronized (closeLock) {
      if (terminated) {
        return;
      }
      shutdownHook = null;
    }
    LOG.log(
        System.Logger.Level.DEBUG,
        "the JVM is exiting and the event bus is still open: closing it, waiting up to "
            + closeTimeout
            + " for its pending deliveries");
    closeBus.run();
  }

  /**
   * @throws IllegalStateException if the bus is closed, saying that it cannot {@code action}
   */
  void requireOpen(String action) {
    if (closed) {
      throw new IllegalStateException("the bus is closed: cannot " + action);
    }
  }

  boolean isClosed() {
    return closed;
  }

  /**
   * Delivers pending batches, then waits until nothing is in flight and every durable subscription
   * registered here is at the head of the store, or {@code timeout} passed. Durable handlers may
   * publish and other handlers may store events for them, so both are waited for until both hold
   * at once.
   *
   * @throws IllegalStateException if called from a handler of this bus, durable or not, which
   *     would wait for itself: the bus is never idle while one of its handlers runs, so the wait
   *     could only run out
   */
  boolean drain(Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, "timeout");
    durables.requireNotInDurableHandler("drain()");
    requireNotInHandler("drain()", " (the bus is never idle while one of its handlers runs)");
    batches.flushAll();
    Deadline deadline = Deadline.after(timeout);
    while (true) {
      if (!inFlight.awaitIdle(deadline.remaining())
          || !ThreadState.awaitDeliveries(this, deadline)
          || !durables.awaitCaughtUp(deadline)) {
        return false;
      }
      if (inFlight.count() == 0 && !ThreadState.deliversNow(this) && durables.isCaughtUp()) {
        return true;
      }
    }
  }

  /**
   * Refuses {@code action} (a call, such as {@code "drain()"}) on a thread running a handler of an
   * event of this bus, which the action would wait for; a handler of another bus may call it.
   *
   * @throws IllegalStateException naming the action and why, with {@code why} added to the reason
   */
  private void requireNotInHandler(String action, String why) {
    EventContext handling = HandlerInvoker.current();
    if (handling != null && ids.issued(handling.eventId())) {
      throw new IllegalStateException(
          action
              + " was called from inside a handler and would wait for that handler to finish"
              + why
              + "; "
              + action.substring(0, action.indexOf('('))
              + " the bus from outside its handlers");
    }
  }

  /**
   * Stops intake, delivers pending batches and waits up to the close timeout for the work in
   * flight; then stops the lanes, abandoning (reporting as failed) what never started if the wait
   * ran out or was interrupted, closes the store and the clock lease. An interrupt ends the wait
   * and is kept in the thread's status. Does nothing once done, or when called again by code the
   * close runs on its own thread (an error handler told of a delivery it gave up on, say).
   *
   * @throws IllegalStateException if called from a handler of this bus, which would wait for
   *     itself; a handler of another bus may close this one
   */
  void close() {
    durables.requireNotInDurableHandler("close()");
    requireNotInHandler("close()", "");
    synchronized (closeLock) {
      if (terminated || closing) {
        return;
      }
      closing = true;
      Deadline deadline = Deadline.after(closeTimeout);
      durables.beginClose();
      closed = true;
      batches.closeWindows();
      boolean idle = awaitIdle();
      durables.close(deadline);
      lanes.shutdown(
          !idle,
          new IllegalStateException(
              "the bus was closed before this handler ran: it stayed busy for longer than its"
                  + " close timeout of "
                  + closeTimeout));
      if (!idle) {
        invoker.abandonPendingAsync(
            new IllegalStateException(
                "the bus was closed before this asynchronous handler's stage completed: it stayed"
                    + " pending for longer than the close timeout of "
                    + closeTimeout));
      }
      if (!idle) {
        LOG.log(
            System.Logger.Level.WARNING,
            "the event bus was still busy after its close timeout of "
                + closeTimeout
                + "; handlers that had not started were reported as failed");
      }
      // a store that fails to close fails this close, once: the bus is closed all the same
      try {
        if (storage != null) {
          storage.close();
        }
      } finally {
        try {
          clock.close();
        } finally {
          terminated = true;
          removeShutdownHook();
        }
      }
    }
  }

  /**
   * Removes the hook, unless the JVM is shutting down already: then the hook runs, or has run, and
   * finds the bus closed.
   */
  private void removeShutdownHook() {
    Thread hook = shutdownHook;
    shutdownHook = null;
    if (hook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hooks are running; this one finds the bus closed
      }
    }
  }

  /**
   * Waits up to the close timeout for the work in flight and for the synchronous deliveries other
   * threads run (which {@link ThreadState} announces instead of counting them in flight).
   */
  private boolean awaitIdle() {
    Deadline deadline = Deadline.after(closeTimeout);
    try {
      return inFlight.awaitIdle(deadline.remaining())
          && ThreadState.awaitDeliveries(this, deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return inFlight.count() == 0 && !ThreadState.deliversNow(this);
    }
  }

  @Override
  public String toString() {
    return (closed ? "closed" : "open") + ", in flight=" + inFlight.count();
  }
}
