package io.torematrix.eventbus.spi;

import io.torematrix.eventbus.Cursor;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a store knows of one durable subscription.
 *
 * @param subscription its name
 * @param checkpoint the last cursor it saved: every event up to it was handled or parked
 * @param owner who holds its lease, if anyone does (an expired lease counts as held until taken)
 * @param leaseExpiresAt when that lease lapses, if held
 * @param parked how many of its events are parked (retry requested included)
 */
public record SubscriptionState(
    String subscription,
    Cursor checkpoint,
    Optional<String> owner,
    Optional<Instant> leaseExpiresAt,
    long parked) {

  /**
   * Checks the parts.
   *
   * @param subscription its name
   * @param checkpoint the last cursor it saved: every event up to it was handled or parked
   * @param owner who holds its lease, if anyone does (an expired lease counts as held until taken)
   * @param leaseExpiresAt when that lease lapses, if held
   * @param parked how many of its events are parked (retry requested included)
   */
  public SubscriptionState {
    Objects.requireNonNull(subscription, "subscription");
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(leaseExpiresAt, "leaseExpiresAt");
  }

  /**
   * The subscription's lag: how many events were stored after its checkpoint, up to {@code head}
   * (the store's {@link EventStore#head()}), as the difference of their global positions, 0 at
   * least. It counts events of every type, which the subscription passes over as it reads. Exact
   * where positions leave no gaps (SQLite, in memory); an estimate on PostgreSQL, whose positions
   * interleave across transactions and skip the values of rolled-back ones. This is the one
   * definition of lag: {@link io.torematrix.eventbus.DurableSubscriptionStatus#lag()}, the
   * Micrometer gauge {@code eventbus.durable.lag} and the inspector's {@code subscriptions} command
   * report it.
   *
   * @param head the store's head
   * @return the number of events stored after the checkpoint, 0 or more
   */
  public long lag(Cursor head) {
    return Math.max(0, head.position() - checkpoint.position());
  }
}
