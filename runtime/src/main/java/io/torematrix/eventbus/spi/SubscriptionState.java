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
}
