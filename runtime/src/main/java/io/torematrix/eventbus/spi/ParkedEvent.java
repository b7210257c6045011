package io.torematrix.eventbus.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * An event a durable subscription gave up on after its attempts: kept, with its last error, until
 * someone retries or discards it. Parking is how a durable subscription goes on past a poison event
 * without ever skipping one silently.
 *
 * @param subscription the durable subscription's name
 * @param record the event as stored (with its cursor), or, for a message that never reached the
 *     store (one a bridge could not import), a record with position 0
 * @param error the last failure: its class, message and stack trace, at most {@link #MAX_ERROR_CHARS}
 *     characters
 * @param attempts how many deliveries failed
 * @param firstFailedAt when the first attempt failed
 * @param parkedAt when it was parked (or last marked for retry)
 * @param status whether it waits for a decision or for its retry
 */
public record ParkedEvent(
    String subscription,
    EventRecord record,
    String error,
    int attempts,
    Instant firstFailedAt,
    Instant parkedAt,
    Status status) {

  /** The most characters of an error that are kept. */
  public static final int MAX_ERROR_CHARS = 8192;

  /** Where a parked event stands. */
  public enum Status {
    /** Waiting for someone to retry or discard it. */
    PARKED,
    /** Marked for another attempt, which the subscription's holder makes next. */
    RETRY_REQUESTED
  }

  /**
   * Checks the parts and cuts {@code error} to {@link #MAX_ERROR_CHARS}.
   *
   * @param subscription the durable subscription's name
   * @param record the event as stored (with its cursor), or, for a message that never reached the
   *     store (one a bridge could not import), a record with position 0
   * @param error the last failure: its class, message and stack trace, at most {@link
   *     #MAX_ERROR_CHARS}
   *     characters
   * @param attempts how many deliveries failed
   * @param firstFailedAt when the first attempt failed
   * @param parkedAt when it was parked (or last marked for retry)
   * @param status whether it waits for a decision or for its retry
   */
  public ParkedEvent {
    Objects.requireNonNull(subscription, "subscription");
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(firstFailedAt, "firstFailedAt");
    Objects.requireNonNull(parkedAt, "parkedAt");
    Objects.requireNonNull(status, "status");
    if (attempts < 1) {
      throw new IllegalArgumentException("a parked event failed at least once, not " + attempts + " times");
    }
    if (error.length() > MAX_ERROR_CHARS) {
      error = error.substring(0, MAX_ERROR_CHARS);
    }
  }
}
