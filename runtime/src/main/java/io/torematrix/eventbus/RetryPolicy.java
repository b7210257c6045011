package io.torematrix.eventbus;

import io.torematrix.eventbus.annotation.Retry;
import io.torematrix.eventbus.annotation.SubscribeLimits;
import java.time.Duration;
import java.util.Objects;

/**
 * How a durable subscription retries an event whose delivery failed: up to {@link #maxAttempts()}
 * deliveries in all, waiting {@link #backoff()} before the second, then {@link #multiplier()} times
 * longer before each next one, never longer than {@link #maxBackoff()}. When the last attempt
 * fails, the event is parked and the subscription goes on with the next one. The lambda API's
 * counterpart of {@link Retry @Retry}, with the same defaults and ranges.
 *
 * <pre>{@code
 * SubscribeOptions.defaults()
 *     .durable("order-projection")
 *     .retry(RetryPolicy.defaults().maxAttempts(3).backoff(Duration.ofMillis(50), 2, Duration.ofSeconds(1)));
 * }</pre>
 *
 * <p>The waits are exact, without jitter: a subscription retries one event at a time, so its
 * retries never come in herds. Immutable; each method returns a new instance.
 */
public final class RetryPolicy {
  private static final RetryPolicy DEFAULTS =
      new RetryPolicy(
          Retry.DEFAULT_MAX_ATTEMPTS,
          Duration.ofMillis(Retry.DEFAULT_BACKOFF_MILLIS),
          Retry.DEFAULT_MULTIPLIER,
          Duration.ofMillis(Retry.DEFAULT_MAX_BACKOFF_MILLIS));

  private final int maxAttempts;
  private final Duration backoff;
  private final double multiplier;
  private final Duration maxBackoff;

  private RetryPolicy(int maxAttempts, Duration backoff, double multiplier, Duration maxBackoff) {
    this.maxAttempts = maxAttempts;
    this.backoff = backoff;
    this.multiplier = multiplier;
    this.maxBackoff = maxBackoff;
  }

  /**
   * 5 attempts, waiting 100 ms before the second and twice as long before each next one, up to 10
   * s: 100, 200, 400 and 800 ms, about 1.5 s in all before an event is parked.
   *
   * @return the default policy
   */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * Makes {@code attempts} deliveries of an event in all, the first included; 1 parks an event at
   * its first failure.
   *
   * @param attempts deliveries of one event in all, the first included
   * @return a policy with that many attempts
   * @throws IllegalArgumentException if {@code attempts} is outside 1 to {@link Retry#ATTEMPTS_LIMIT}
   */
  public RetryPolicy maxAttempts(int attempts) {
    String problem = SubscribeLimits.maxAttemptsProblem(attempts);
    if (problem != null) {
      throw new IllegalArgumentException("max attempts " + attempts + " is out of range: " + problem);
    }
    return new RetryPolicy(attempts, backoff, multiplier, maxBackoff);
  }

  /**
   * Waits {@code first} before the second attempt, then {@code multiplier} times longer before each
   * next one, never longer than {@code longest}.
   *
   * @param first the wait before the second attempt
   * @param multiplier how much longer each next wait is than the one before
   * @param longest the longest wait
   * @return a policy with that backoff
   * @throws IllegalArgumentException if {@code first} is negative or longer than an hour, {@code
   *     multiplier} is outside 1 to 10, or {@code longest} is shorter than {@code first} or longer
   *     than an hour
   */
  public RetryPolicy backoff(Duration first, double multiplier, Duration longest) {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(longest, "longest");
    long firstMillis = millis(first);
    String problem = SubscribeLimits.backoffProblem(firstMillis);
    if (problem != null) {
      throw new IllegalArgumentException("backoff " + first + " is out of range: " + problem);
    }
    problem = SubscribeLimits.multiplierProblem(multiplier);
    if (problem != null) {
      throw new IllegalArgumentException("multiplier " + multiplier + " is out of range: " + problem);
    }
    problem = SubscribeLimits.maxBackoffProblem(millis(longest), firstMillis);
    if (problem != null) {
      throw new IllegalArgumentException("longest backoff " + longest + " is out of range: " + problem);
    }
    return new RetryPolicy(maxAttempts, first, multiplier, longest);
  }

  /** Whole milliseconds; a negative or huge duration stays out of range rather than overflowing. */
  private static long millis(Duration duration) {
    if (duration.isNegative()) {
      return -1;
    }
    return duration.compareTo(Duration.ofMillis(Long.MAX_VALUE)) > 0 ? Long.MAX_VALUE : duration.toMillis();
  }

  /** {@return deliveries of one event in all, the first included} */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** {@return the wait before the second attempt} */
  public Duration backoff() {
    return backoff;
  }

  /** {@return how much longer each next wait is than the one before} */
  public double multiplier() {
    return multiplier;
  }

  /** {@return the longest wait} */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /**
   * The wait after failed attempt number {@code attempt} (1 for the first) before the next one:
   * {@code backoff × multiplier^(attempt - 1)}, at most {@link #maxBackoff()}.
   *
   * @param attempt the number of the attempt that failed, 1 and up
   * @return the wait before the next attempt
   * @throws IllegalArgumentException if {@code attempt} is below 1
   */
  public Duration backoffAfter(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempts are numbered from 1, not " + attempt);
    }
    double millis = backoff.toMillis() * Math.pow(multiplier, attempt - 1);
    return millis >= maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis((long) millis);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RetryPolicy policy
        && policy.maxAttempts == maxAttempts
        && policy.backoff.equals(backoff)
        && Double.compare(policy.multiplier, multiplier) == 0
        && policy.maxBackoff.equals(maxBackoff);
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxAttempts, backoff, multiplier, maxBackoff);
  }

  @Override
  public String toString() {
    return "RetryPolicy["
        + maxAttempts
        + " attempts, backoff "
        + backoff.toMillis()
        + " ms x"
        + multiplier
        + " up to "
        + maxBackoff.toMillis()
        + " ms]";
  }
}
