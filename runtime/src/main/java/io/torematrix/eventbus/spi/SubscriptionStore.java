package io.torematrix.eventbus.spi;

import io.torematrix.eventbus.Cursor;
import io.torematrix.eventbus.EventStoreException;
import io.torematrix.eventbus.LeaseLostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The durable subscriptions' state, kept in the same store as the events: a checkpoint, a lease and
 * the parked events of each subscription. Obtained from {@link EventStore#subscriptions()}.
 *
 * <p>One process delivers a subscription at a time: the holder of its lease. Every method that
 * changes a subscription's progress takes the {@link Lease} and is refused with {@link
 * LeaseLostException}, changing nothing, unless that lease is still the current one (same owner and
 * epoch); each is one conditional statement on the JDBC stores, so two processes can never both hold
 * a lease or both advance a checkpoint. Lease expiry is measured by the store's clock.
 *
 * <p>Subscription names follow {@link io.torematrix.eventbus.annotation.DurableNames}; an owner is 1
 * to 255 characters; a lease lasts at most 365 days. Every store refuses other values with {@link
 * IllegalArgumentException}, and a limit below 1. Methods are blocking and thread-safe, and throw
 * {@link EventStoreException} when the store cannot be read or written.
 */
public interface SubscriptionStore {

  /**
   * Takes the lease of {@code subscription} for {@code owner} if nobody holds it, if it expired, or if
   * {@code owner} already holds it (then it is renewed, keeping its epoch). A subscription seen for
   * the first time is created with its checkpoint at {@code initial}.
   *
   * @param ttl how long the lease lasts unless renewed; positive
   * @return the lease, with the checkpoint to resume after; empty when another owner's lease is live
   * @param subscription the durable subscription's name
   * @param owner the id of the bus asking, unique to it (host, process and bus)
   * @param initial the checkpoint of a subscription the store does not know yet
   */
  Optional<Lease> acquire(String subscription, String owner, Duration ttl, Cursor initial);

  /**
   * Extends {@code lease} by {@code ttl} from now.
   *
   * @return the renewed lease, or empty when it was lost (taken over after expiring, or released)
   * @param lease the current lease
   * @param ttl how much longer it lasts from now unless renewed again; positive
   */
  Optional<Lease> renew(Lease lease, Duration ttl);

  /**
   * Gives {@code lease} up, keeping the checkpoint; does nothing if it is no longer current.
   *
   * @param lease the lease to give up
   */
  void release(Lease lease);

  /**
   * Saves {@code cursor} as the subscription's checkpoint: every event up to it was handled or
   * parked. A cursor before the saved one is ignored (checkpoints never move back).
   *
   * @param lease the current lease
   * @param cursor every event up to it was handled or parked
   * @throws LeaseLostException if {@code lease} is no longer current
   */
  void checkpoint(Lease lease, Cursor cursor);

  /**
   * Parks an event the subscription gave up on; parking the same event id again replaces it (and
   * makes it the newest).
   *
   * @param lease the current lease of {@code parked}'s subscription
   * @param parked the event given up on, with its last error and attempts
   * @throws LeaseLostException if {@code lease} is no longer current
   * @throws IllegalArgumentException if {@code parked} is of another subscription than {@code lease}
   */
  void park(Lease lease, ParkedEvent parked);

  /**
   * The parked events of {@code subscription}, oldest first, at most {@code limit}.
   *
   * @param subscription the durable subscription's name
   * @param limit the most events to return, 1 and up
   * @return the parked events; empty if none
   */
  List<ParkedEvent> parked(String subscription, int limit);

  /**
   * Marks a parked event for another attempt, which the subscription's holder makes next.
   *
   * @return false if no such event is parked
   * @param subscription the durable subscription's name
   * @param eventId the parked event's id
   */
  boolean requestRetry(String subscription, UUID eventId);

  /**
   * Removes a parked event for good: it will not be delivered to this subscription again.
   *
   * @return false if no such event is parked
   * @param subscription the durable subscription's name
   * @param eventId the parked event's id
   */
  boolean discard(String subscription, UUID eventId);

  /**
   * The parked events of {@code lease}'s subscription marked for retry, oldest first.
   *
   * @param lease the current lease
   * @param limit the most events to return, 1 and up
   * @return the parked events to deliver again; empty if none
   */
  List<ParkedEvent> retryRequested(Lease lease, int limit);

  /**
   * Removes a parked event whose retry succeeded.
   *
   * @param lease the current lease
   * @param eventId the id of the parked event now handled
   * @throws LeaseLostException if {@code lease} is no longer current
   */
  void resolved(Lease lease, UUID eventId);

  /**
   * Every subscription the store knows, by name.
   *
   * @return one state per subscription, sorted by name
   */
  List<SubscriptionState> states();
}
