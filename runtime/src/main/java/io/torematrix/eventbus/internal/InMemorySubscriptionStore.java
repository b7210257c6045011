package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.Cursor;
import io.torematrix.eventbus.LeaseLostException;
import io.torematrix.eventbus.annotation.DurableNames;
import io.torematrix.eventbus.spi.Lease;
import io.torematrix.eventbus.spi.ParkedEvent;
import io.torematrix.eventbus.spi.SubscriptionState;
import io.torematrix.eventbus.spi.SubscriptionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * The in-memory store's durable subscriptions: one lock; lease expiry measured by the process's
 * monotonic clock ({@link System#nanoTime()}), so that a jump of the wall clock neither expires a
 * live lease nor keeps a lapsed one (expiry instants are reported by the wall clock). Lives
 * and dies with its {@link InMemoryEventStore}, so it only survives what the process survives; it
 * exists so that durable subscriptions behave the same on every store (and in tests).
 */
final class InMemorySubscriptionStore implements SubscriptionStore {
  private final Runnable requireOpen;
  /** The wall clock: for the times it reports (expiry, parked at). */
  private final Clock clock;
  /** The monotonic clock, in nanoseconds: for lease expiry. */
  private final LongSupplier nanoTime;
  private final Map<String, Entry> entries = new TreeMap<>();

  InMemorySubscriptionStore(Runnable requireOpen) {
    this(requireOpen, Clock.systemUTC(), System::nanoTime);
  }

  /**
   * @param clock the wall clock, for the instants it reports
   * @param nanoTime the monotonic clock that lease expiry is measured by
   */
  InMemorySubscriptionStore(Runnable requireOpen, Clock clock, LongSupplier nanoTime) {
    this.requireOpen = requireOpen;
    this.clock = clock;
    this.nanoTime = nanoTime;
  }

  /** One subscription's state; parked events by id, in the order they were parked. */
  private static final class Entry {
    Cursor checkpoint;
    String owner;
    long epoch;
    /** When the lease lapses, by {@link #nanoTime}; meaningful while {@link #owner} is set. */
    long expiresAtNanos;
    /** The same, by the wall clock when it was taken or renewed: what is reported. */
    Instant expiresAt;
    final Map<UUID, ParkedEvent> parked = new LinkedHashMap<>();

    Entry(Cursor checkpoint) {
      this.checkpoint = checkpoint;
    }
  }

  private static Lease lease(String subscription, Entry entry) {
    return new Lease(subscription, entry.owner, entry.epoch, entry.expiresAt, entry.checkpoint);
  }

  /** Makes {@code entry}'s lease last {@code ttl} from now. */
  private void extend(Entry entry, Duration ttl) {
    entry.expiresAtNanos = nanoTime.getAsLong() + ttl.toNanos();
    entry.expiresAt = clock.instant().plus(ttl);
  }

  private boolean live(Entry entry) {
    return entry.owner != null && entry.expiresAtNanos - nanoTime.getAsLong() > 0;
  }

  @Override
  public synchronized Optional<Lease> acquire(
      String subscription, String owner, Duration ttl, Cursor initial) {
    requireOpen.run();
    DurableNames.requireValid(subscription);
    requireOwner(owner);
    requirePositive(ttl);
    Objects.requireNonNull(initial, "initial");
    Entry entry = entries.computeIfAbsent(subscription, name -> new Entry(initial));
    boolean live = live(entry);
    if (live && !entry.owner.equals(owner)) {
      return Optional.empty();
    }
    if (!live || !owner.equals(entry.owner)) {
      entry.epoch++;
    }
    entry.owner = owner;
    extend(entry, ttl);
    return Optional.of(lease(subscription, entry));
  }

  @Override
  public synchronized Optional<Lease> renew(Lease lease, Duration ttl) {
    requireOpen.run();
    requirePositive(ttl);
    Entry entry = current(lease);
    if (entry == null) {
      return Optional.empty();
    }
    extend(entry, ttl);
    return Optional.of(lease(lease.subscription(), entry));
  }

  @Override
  public synchronized void release(Lease lease) {
    requireOpen.run();
    Entry entry = current(lease);
    if (entry != null) {
      entry.owner = null;
      entry.expiresAt = null;
    }
  }

  @Override
  public synchronized void checkpoint(Lease lease, Cursor cursor) {
    requireOpen.run();
    Objects.requireNonNull(cursor, "cursor");
    Entry entry = require(lease, "save checkpoint " + cursor);
    if (cursor.isAfter(entry.checkpoint)) {
      entry.checkpoint = cursor;
    }
  }

  @Override
  public synchronized void park(Lease lease, ParkedEvent parked) {
    requireOpen.run();
    Objects.requireNonNull(parked, "parked");
    if (!parked.subscription().equals(lease.subscription())) {
      throw new IllegalArgumentException(
          "an event parked for durable subscription \""
              + parked.subscription()
              + "\" cannot be parked under the lease of \""
              + lease.subscription()
              + "\"");
    }
    Entry entry = require(lease, "park event " + parked.record().eventId());
    entry.parked.remove(parked.record().eventId());
    entry.parked.put(parked.record().eventId(), parked);
  }

  @Override
  public synchronized List<ParkedEvent> parked(String subscription, int limit) {
    requireOpen.run();
    DurableNames.requireValid(subscription);
    requireLimit(limit);
    Entry entry = entries.get(subscription);
    return entry == null ? List.of() : first(entry.parked.values(), limit, null);
  }

  @Override
  public synchronized boolean requestRetry(String subscription, UUID eventId) {
    requireOpen.run();
    DurableNames.requireValid(subscription);
    Objects.requireNonNull(eventId, "eventId");
    Entry entry = entries.get(subscription);
    ParkedEvent parked = entry == null ? null : entry.parked.get(eventId);
    if (parked == null) {
      return false;
    }
    entry.parked.put(
        eventId,
        new ParkedEvent(
            parked.subscription(),
            parked.record(),
            parked.error(),
            parked.attempts(),
            parked.firstFailedAt(),
            clock.instant(),
            ParkedEvent.Status.RETRY_REQUESTED));
    return true;
  }

  @Override
  public synchronized boolean discard(String subscription, UUID eventId) {
    requireOpen.run();
    DurableNames.requireValid(subscription);
    Objects.requireNonNull(eventId, "eventId");
    Entry entry = entries.get(subscription);
    return entry != null && entry.parked.remove(eventId) != null;
  }

  @Override
  public synchronized List<ParkedEvent> retryRequested(Lease lease, int limit) {
    requireOpen.run();
    requireLimit(limit);
    Entry entry = entries.get(lease.subscription());
    return entry == null
        ? List.of()
        : first(entry.parked.values(), limit, ParkedEvent.Status.RETRY_REQUESTED);
  }

  @Override
  public synchronized void resolved(Lease lease, UUID eventId) {
    requireOpen.run();
    require(lease, "resolve parked event " + eventId).parked.remove(eventId);
  }

  @Override
  public synchronized List<SubscriptionState> states() {
    requireOpen.run();
    List<SubscriptionState> states = new ArrayList<>();
    entries.forEach(
        (name, entry) ->
            states.add(
                new SubscriptionState(
                    name,
                    entry.checkpoint,
                    Optional.ofNullable(entry.owner),
                    Optional.ofNullable(entry.expiresAt),
                    entry.parked.size())));
    return List.copyOf(states);
  }

  /** The entry {@code lease} is still current for, or {@code null}. */
  private Entry current(Lease lease) {
    Entry entry = entries.get(lease.subscription());
    return entry != null
            && lease.owner().equals(entry.owner)
            && lease.epoch() == entry.epoch
            && live(entry)
        ? entry
        : null;
  }

  private Entry require(Lease lease, String action) {
    Entry entry = current(lease);
    if (entry == null) {
      Entry actual = entries.get(lease.subscription());
      String prefix = "cannot " + action + " for durable subscription \"" + lease.subscription() + "\": ";
      String why;
      if (actual == null) {
        why = "the subscription does not exist in the in-memory event store";
      } else if (actual.owner == null) {
        why = lease.owner() + " no longer holds its lease (epoch " + lease.epoch() + "); nobody holds it now";
      } else if (actual.owner.equals(lease.owner()) && actual.epoch == lease.epoch()) {
        why = "the lease of " + lease.owner() + " (epoch " + lease.epoch() + ") expired at " + actual.expiresAt;
      } else {
        why =
            lease.owner()
                + " no longer holds its lease (epoch "
                + lease.epoch()
                + "); "
                + actual.owner
                + " holds it now (epoch "
                + actual.epoch
                + ")";
      }
      throw new LeaseLostException(prefix + why);
    }
    return entry;
  }

  private static List<ParkedEvent> first(
      Iterable<ParkedEvent> parked, int limit, ParkedEvent.Status status) {
    List<ParkedEvent> result = new ArrayList<>();
    for (ParkedEvent event : parked) {
      if (result.size() == limit) {
        break;
      }
      if (status == null || event.status() == status) {
        result.add(event);
      }
    }
    return List.copyOf(result);
  }

  private static void requireLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1 but was " + limit);
    }
  }

  /** The JDBC stores keep at most this many characters of an owner; every store accepts the same. */
  private static final int MAX_OWNER_CHARS = 255;

  private static void requireOwner(String owner) {
    Objects.requireNonNull(owner, "owner");
    if (owner.isEmpty() || owner.length() > MAX_OWNER_CHARS) {
      throw new IllegalArgumentException(
          "a lease owner has 1 to " + MAX_OWNER_CHARS + " characters, not " + owner.length());
    }
  }

  /** The longest lease, as on the JDBC stores (whose timestamps are nanoseconds in a long). */
  private static final Duration MAX_TTL = Duration.ofDays(365);

  private static void requirePositive(Duration ttl) {
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException("a lease lasts a positive time of at most " + MAX_TTL + ", not " + ttl);
    }
  }
}
