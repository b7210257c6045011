package io.torematrix.eventbus;

import java.time.Duration;
import java.util.Objects;

/**
 * What {@code publish} does when a queue it needs is full: wait for room up to a timeout, or fail
 * at once. Either way an event that finds no room fails its stage with a {@link
 * QueueFullException} before any handler sees it; nothing is dropped silently.
 */
public final class BackpressurePolicy {
  private final Duration timeout;

  private BackpressurePolicy(Duration timeout) {
    this.timeout = timeout;
  }

  /**
   * Waits up to {@code timeout} for room, blocking the publisher; this slows fast producers down
   * to the pace of their consumers. A publisher interrupted while it waits stops waiting: its event
   * is refused with a {@link QueueFullException} and its interrupt status is set again. One whose
   * interrupt status is already set still publishes while there is room. A timeout too long to
   * count in nanoseconds waits as long as it takes.
   *
   * @param timeout how long a publisher waits for room; zero or more
   * @return the policy
   */
  public static BackpressurePolicy waitUpTo(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative: " + timeout);
    }
    return new BackpressurePolicy(timeout);
  }

  /**
   * Fails the publish stage at once, never blocking the publisher.
   *
   * @return the policy
   */
  public static BackpressurePolicy failImmediately() {
    return new BackpressurePolicy(Duration.ZERO);
  }

  /** {@return how long a publisher waits for room; zero for never} */
  public Duration timeout() {
    return timeout;
  }

  @Override
  public String toString() {
    return timeout.isZero() ? "failImmediately" : "waitUpTo(" + timeout + ")";
  }
}
