package io.torematrix.eventbus;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one durable subscription stands, as {@link DurableSubscriptions#status()} reports it.
 *
 * @param name the subscription's name
 * @param checkpoint the last checkpoint saved in the store: every event up to it was handled or
 *     parked
 * @param lag how many events were stored after its saved checkpoint, as {@link
 *     io.torematrix.eventbus.spi.SubscriptionState#lag(Cursor)} defines it for every reader of the
 *     store: the difference of global positions between the store's head and the checkpoint, exact
 *     on SQLite and in memory, an estimate on PostgreSQL; 0 when it is at the head. It counts
 *     events of every type, and, while the subscription runs, lags its progress by the events
 *     handled since the checkpoint was last saved (at most {@link
 *     DurableSubscriptions#CHECKPOINT_EVERY_EVENTS}, or a second's worth)
 * @param parked how many of its events are parked (retries requested included)
 * @param owner who holds its lease, if anyone: an id naming host, process and bus
 * @param leaseExpiresAt when that lease lapses unless renewed, by the store's clock
 * @param subscribedHere whether a handler of this bus is subscribed under this name
 * @param runningHere whether this bus holds the lease and delivers the subscription now
 */
public record DurableSubscriptionStatus(
    String name,
    Cursor checkpoint,
    long lag,
    long parked,
    Optional<String> owner,
    Optional<Instant> leaseExpiresAt,
    boolean subscribedHere,
    boolean runningHere) {

  /**
   * Checks the parts.
   *
   * @param name the subscription's name
   * @param checkpoint the last checkpoint saved in the store: every event up to it was handled or
   *     parked
   * @param lag how many events were stored after the point the subscription has handled up to (its
   *     progress on this bus if it runs here, else its checkpoint), counted as the difference of
   *     global positions between the store's head and that point: exact on SQLite and in memory, an
   *     estimate on PostgreSQL, whose positions interleave across transactions; 0 when it is at the
   *     head. It counts events of every type, which the subscription passes over as it reads
   * @param parked how many of its events are parked (retries requested included)
   * @param owner who holds its lease, if anyone: an id naming host, process and bus
   * @param leaseExpiresAt when that lease lapses unless renewed, by the store's clock
   * @param subscribedHere whether a handler of this bus is subscribed under this name
   * @param runningHere whether this bus holds the lease and delivers the subscription now
   */
  public DurableSubscriptionStatus {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(leaseExpiresAt, "leaseExpiresAt");
    if (lag < 0 || parked < 0) {
      throw new IllegalArgumentException("lag and parked count are 0 or more, not " + lag + " and " + parked);
    }
  }
}
