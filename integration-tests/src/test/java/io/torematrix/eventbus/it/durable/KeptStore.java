package io.torematrix.eventbus.it.durable;

import io.torematrix.eventbus.Cursor;
import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.ExpectedVersion;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.EventStore;
import io.torematrix.eventbus.spi.Lease;
import io.torematrix.eventbus.spi.ParkedEvent;
import io.torematrix.eventbus.spi.SubscriptionState;
import io.torematrix.eventbus.spi.SubscriptionStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/**
 * A store that outlives the buses it is given to (their {@code close()} leaves it open), so that a
 * test can read what they left in it, and hand it to the next bus; and whose lease renewals can be
 * made to fail, as when a lease expired and another owner took it, or to hang, as on a store that
 * stopped answering; and whose lease taking can be made to throw an Error once.
 */
final class KeptStore implements EventStore {
  final EventStore store;
  private final SubscriptionStore subscriptions;
  volatile boolean renewalsFail;
  /** While set, a renewal waits until it is counted down, as on a store that stopped answering. */
  volatile CountDownLatch renewalsHang;
  /** Thrown by the next {@code acquire}, once, as by a store whose driver broke. */
  volatile Error acquireFailsOnce;

  KeptStore(EventStore store) {
    this.store = store;
    this.subscriptions = new Subscriptions(store.subscriptions());
  }

  @Override
  public List<EventRecord> append(String streamId, ExpectedVersion expected, List<EventRecord> records) {
    return store.append(streamId, expected, records);
  }

  @Override
  public List<EventRecord> read(EventQuery query) {
    return store.read(query);
  }

  @Override
  public Cursor head() {
    return store.head();
  }

  @Override
  public SubscriptionStore subscriptions() {
    return subscriptions;
  }

  /** Leaves the store open: the test closes {@link #store}. */
  @Override
  public void close() {}

  /** The state of {@code subscription} as the store has it. */
  SubscriptionState state(String subscription) {
    return store.subscriptions().states().stream()
        .filter(s -> s.subscription().equals(subscription))
        .findFirst()
        .orElseThrow(() -> new AssertionError("the store does not know " + subscription));
  }

  private final class Subscriptions implements SubscriptionStore {
    private final SubscriptionStore delegate;

    Subscriptions(SubscriptionStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public Optional<Lease> acquire(String subscription, String owner, Duration ttl, Cursor initial) {
      Error failure = acquireFailsOnce;
      if (failure != null) {
        acquireFailsOnce = null;
        throw failure;
      }
      return delegate.acquire(subscription, owner, ttl, initial);
    }

    @Override
    public Optional<Lease> renew(Lease lease, Duration ttl) {
      CountDownLatch hang = renewalsHang;
      if (hang != null) {
        try {
          hang.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while hanging", e);
        }
      }
      return renewalsFail ? Optional.empty() : delegate.renew(lease, ttl);
    }

    @Override
    public void release(Lease lease) {
      delegate.release(lease);
    }

    @Override
    public void checkpoint(Lease lease, Cursor cursor) {
      delegate.checkpoint(lease, cursor);
    }

    @Override
    public void park(Lease lease, ParkedEvent parked) {
      delegate.park(lease, parked);
    }

    @Override
    public List<ParkedEvent> parked(String subscription, int limit) {
      return delegate.parked(subscription, limit);
    }

    @Override
    public boolean requestRetry(String subscription, UUID eventId) {
      return delegate.requestRetry(subscription, eventId);
    }

    @Override
    public boolean discard(String subscription, UUID eventId) {
      return delegate.discard(subscription, eventId);
    }

    @Override
    public List<ParkedEvent> retryRequested(Lease lease, int limit) {
      return delegate.retryRequested(lease, limit);
    }

    @Override
    public void resolved(Lease lease, UUID eventId) {
      delegate.resolved(lease, eventId);
    }

    @Override
    public List<SubscriptionState> states() {
      return delegate.states();
    }
  }
}
