package io.torematrix.eventbus.spi;

import io.torematrix.eventbus.Cursor;
import java.time.Instant;
import java.util.Objects;

/**
 * The right of one process to deliver a durable subscription, until it expires. Every change of
 * holder increments the {@code epoch}, which fences a former holder: a checkpoint or a parked event
 * saved under an older epoch is refused with {@link io.torematrix.eventbus.LeaseLostException}.
 *
 * @param subscription the durable subscription's name
 * @param owner who holds it: an id unique to the holding bus (host, process and bus)
 * @param epoch grows by one at every change of holder, never reused
 * @param expiresAt when it lapses unless renewed, by the store's clock
 * @param checkpoint the subscription's checkpoint when the lease was taken or last renewed: the
 *     holder delivers the events after it
 */
public record Lease(
    String subscription, String owner, long epoch, Instant expiresAt, Cursor checkpoint) {

  /**
   * Checks the parts.
   *
   * @param subscription the durable subscription's name
   * @param owner who holds it: an id unique to the holding bus (host, process and bus)
   * @param epoch grows by one at every change of holder, never reused
   * @param expiresAt when it lapses unless renewed, by the store's clock
   * @param checkpoint the subscription's checkpoint when the lease was taken or last renewed: the
   *     holder delivers the events after it
   */
  public Lease {
    Objects.requireNonNull(subscription, "subscription");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(checkpoint, "checkpoint");
  }
}
