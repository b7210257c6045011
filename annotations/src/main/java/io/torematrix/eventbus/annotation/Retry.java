package io.torematrix.eventbus.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How a durable subscription retries an event whose delivery failed, as the value of {@link
 * Subscribe#retry()}: up to {@link #maxAttempts()} deliveries in all, waiting {@link
 * #backoffMillis()} before the second, then {@link #multiplier()} times longer before each next
 * one, but never longer than {@link #maxBackoffMillis()}. When the last attempt fails, the event is
 * parked (kept in the store, with its error, until someone retries or discards it) and the
 * subscription goes on with the next event.
 *
 * <pre>{@code
 * @Subscribe(durable = "order-projection", retry = @Retry(maxAttempts = 3, backoffMillis = 50))
 * void project(OrderPlaced order) { ... }
 * }</pre>
 *
 * <p>The defaults (5 attempts; waits of 100 ms, 200 ms, 400 ms and 800 ms; at most 10 s) ride out a
 * brief outage of what the handler calls in about 1.5 s, and park a poison event without holding the
 * subscription up for long. The ranges are checked at build time ({@link SubscribeLimits}).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({})
public @interface Retry {
  /** The default {@link #maxAttempts()}. */
  int DEFAULT_MAX_ATTEMPTS = 5;

  /** The default {@link #backoffMillis()}. */
  long DEFAULT_BACKOFF_MILLIS = 100;

  /** The default {@link #multiplier()}. */
  double DEFAULT_MULTIPLIER = 2.0;

  /** The default {@link #maxBackoffMillis()}. */
  long DEFAULT_MAX_BACKOFF_MILLIS = 10_000;

  /** The largest allowed {@link #maxAttempts()}. */
  int ATTEMPTS_LIMIT = 100;

  /** The longest allowed wait between two attempts: one hour. */
  long BACKOFF_LIMIT_MILLIS = 3_600_000;

  /** The largest allowed {@link #multiplier()}. */
  double MULTIPLIER_LIMIT = 10.0;

  /** {@return the deliveries of one event in all, the first included, between 1 and {@link #ATTEMPTS_LIMIT}} */
  int maxAttempts() default DEFAULT_MAX_ATTEMPTS;

  /** {@return the wait before the second attempt, in milliseconds, between 0 and {@link #BACKOFF_LIMIT_MILLIS}} */
  long backoffMillis() default DEFAULT_BACKOFF_MILLIS;

  /** {@return how much longer each next wait is, between 1 (always the same) and {@link #MULTIPLIER_LIMIT}} */
  double multiplier() default DEFAULT_MULTIPLIER;

  /**
   * {@return the longest wait, in milliseconds, between {@link #backoffMillis()} and {@link
   * #BACKOFF_LIMIT_MILLIS}}
   */
  long maxBackoffMillis() default DEFAULT_MAX_BACKOFF_MILLIS;
}
