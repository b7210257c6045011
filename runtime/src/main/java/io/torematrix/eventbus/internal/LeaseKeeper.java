package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.spi.Lease;
import io.torematrix.eventbus.spi.SubscriptionStore;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Renews the leases of one bus's durable subscriptions, on one thread of the bus ({@code
 * torematrix-eventbus-<n>-leases}, started with the first lease), every third of the lease timeout,
 * so that a worker busy in a long handler keeps its lease. A lease is {@linkplain HeldLease#isLost()
 * lost} when the store answers that another owner took it, or when a whole lease timeout passed
 * since the last renewal (or acquisition) that succeeded was sent, by this process's monotonic
 * clock ({@link System#nanoTime()}): the store could not be reached, or has not answered yet, so
 * the lease may have lapsed there. Its worker stops before its next event. The store measures the
 * expiry by its own clock from when it ran the statement, which is not before it was sent, so the
 * holder stops no later than the store lets another owner take over, whatever either wall clock
 * does.
 */
final class LeaseKeeper {
  private static final System.Logger LOG = System.getLogger("io.torematrix.eventbus");

  private final BusThreads threads;
  private final SubscriptionStore store;
  private final Duration timeout;
  /** Guarded by this. */
  private ScheduledThreadPoolExecutor executor;
  /** Guarded by this. */
  private boolean shutdown;

  LeaseKeeper(BusThreads threads, SubscriptionStore store, Duration timeout) {
    this.threads = threads;
    this.store = store;
    this.timeout = timeout;
  }

  /**
   * Keeps {@code lease}, just taken, renewed until it is {@linkplain HeldLease#stop() stopped} or
   * lost; {@code onLost} runs (on the keeper's thread, or the thread that found the lease lapsed)
   * when it is lost.
   *
   * @param requestedAtNanos {@link System#nanoTime()} when the request that took the lease was sent
   */
  HeldLease keep(Lease lease, long requestedAtNanos, Runnable onLost) {
    HeldLease held = new HeldLease(lease, requestedAtNanos, onLost);
    long period = Math.max(1, timeout.toNanos() / 3);
    synchronized (this) {
      if (shutdown) {
        held.lose("the bus is closing");
        return held;
      }
      if (executor == null) {
        executor = threads.leaseThread();
      }
      try {
        held.renewal =
            executor.scheduleWithFixedDelay(held::renew, period, period, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException closing) {
        held.lose("the bus is closing");
      }
    }
    return held;
  }

  /** Stops the keeper's thread; leases kept afterwards are lost at once. */
  void shutdown() {
    synchronized (this) {
      shutdown = true;
      if (executor != null) {
        executor.shutdownNow();
      }
    }
  }

  /** A lease while a worker holds it. */
  final class HeldLease {
    private final Runnable onLost;
    private volatile Lease lease;
    private volatile String lostBecause;
    /**
     * {@link System#nanoTime()} when the last renewal (or the acquisition) that succeeded was sent:
     * the lease lasts a timeout from then at least, by the store's clock.
     */
    private volatile long renewedAtNanos;
    private Future<?> renewal;

    private HeldLease(Lease lease, long requestedAtNanos, Runnable onLost) {
      this.lease = lease;
      this.renewedAtNanos = requestedAtNanos;
      this.onLost = onLost;
    }

    /** The lease as last taken or renewed: the one to present to the store. */
    Lease lease() {
      return lease;
    }

    /**
     * Whether the lease is lost: the store said so, or a whole timeout passed since the last
     * renewal that succeeded was sent (a renewal still waiting for the store does not keep it).
     */
    boolean isLost() {
      if (lostBecause != null) {
        return true;
      }
      long sinceRenewed = System.nanoTime() - renewedAtNanos;
      if (sinceRenewed >= timeout.toNanos()) {
        lose(
            "no renewal succeeded for its whole timeout of "
                + timeout
                + " (the last one was sent "
                + TimeUnit.NANOSECONDS.toMillis(sinceRenewed)
                + " ms ago), so it may have lapsed");
        return true;
      }
      return false;
    }

    /** Why the lease was lost, or {@code null}. */
    String lostBecause() {
      return lostBecause;
    }

    /** Stops renewing; the lease stays as it is in the store until released or expired. */
    void stop() {
      Future<?> scheduled;
      synchronized (LeaseKeeper.this) {
        scheduled = renewal;
      }
      if (scheduled != null) {
        scheduled.cancel(false);
      }
    }

    private void renew() {
      if (isLost()) {
        return;
      }
      Lease current = lease;
      long sentAtNanos = System.nanoTime();
      try {
        Optional<Lease> renewed = store.renew(current, timeout);
        if (renewed.isPresent()) {
          lease = renewed.get();
          renewedAtNanos = sentAtNanos;
        } else {
          lose("the store says it no longer holds the lease: it expired and another owner took it");
        }
      } catch (RuntimeException | Error storeFailure) {
        long sinceRenewed = System.nanoTime() - renewedAtNanos;
        LOG.log(
            System.Logger.Level.WARNING,
            "could not renew the lease of durable subscription \""
                + current.subscription()
                + "\" (last renewed "
                + TimeUnit.NANOSECONDS.toMillis(sinceRenewed)
                + " ms ago)",
            storeFailure);
        isLost();
      }
    }

    private void lose(String because) {
      synchronized (this) {
        if (lostBecause != null) {
          return;
        }
        lostBecause = because;
      }
      stop();
      onLost.run();
    }
  }
}
