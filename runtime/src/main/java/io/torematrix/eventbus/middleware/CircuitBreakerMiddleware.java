package io.torematrix.eventbus.middleware;

import io.torematrix.eventbus.EventMiddleware;
import io.torematrix.eventbus.EventRejectedException;
import io.torematrix.eventbus.PublishResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stops publishing an event type whose handlers keep failing, so that a broken dependency is not
 * hammered. Each event type has its own circuit:
 *
 * <ul>
 *   <li><b>closed</b> (normal): events pass. A publication with a failed handler, or a failed
 *       stage, counts as a failure; a clean one resets the count. {@code failureThreshold}
 *       consecutive failures, the last within {@code window} of the first, open the circuit.
 *   <li><b>open</b>: events are rejected with {@link EventRejectedException} before any handler
 *       runs, for {@code openDuration}.
 *   <li><b>half-open</b>: then one trial event passes (others are still rejected); if it succeeds
 *       the circuit closes, if it fails it opens again.
 * </ul>
 *
 * <pre>{@code
 * EventBus bus = EventBus.builder()
 *     .middleware(CircuitBreakerMiddleware.builder()
 *         .failureThreshold(5)
 *         .window(Duration.ofSeconds(10))
 *         .openDuration(Duration.ofSeconds(30))
 *         .build())
 *     .build();
 * }</pre>
 */
public final class CircuitBreakerMiddleware implements EventMiddleware {

  /** The state of one event type's circuit. */
  public enum State {
    /** Events pass; failures are counted. */
    CLOSED,
    /** Events of the type are rejected until the open duration has passed. */
    OPEN,
    /**
     * One trial event passes (others are rejected while it runs); its outcome closes or reopens.
      */
    HALF_OPEN
  }

  private final int failureThreshold;
  private final Duration window;
  private final Duration openDuration;
  private final Clock clock;
  private final Map<String, Circuit> circuits = new ConcurrentHashMap<>();

  private CircuitBreakerMiddleware(Builder builder) {
    this.failureThreshold = builder.failureThreshold;
    this.window = builder.window;
    this.openDuration = builder.openDuration;
    this.clock = builder.clock;
  }

  /**
   * Starts configuring a breaker: by default 5 failures within 10 s open it for 30 s.
   *
   * @return a builder with the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The state of the circuit of the event type named {@code typeName}.
   *
   * @param typeName an event type's stable name
   * @return the state of its circuit
   */
  public State state(String typeName) {
    Circuit circuit = circuits.get(typeName);
    return circuit == null ? State.CLOSED : circuit.state(clock.instant());
  }

  @Override
  public CompletionStage<PublishResult> intercept(Chain chain) {
    String typeName = chain.context().typeName();
    Circuit circuit = circuits.computeIfAbsent(typeName, name -> new Circuit());
    circuit.admit(typeName, clock.instant());
    return chain
        .proceed()
        .whenComplete(
            (result, error) -> circuit.record(error == null && result.isSuccessful(), clock.instant()));
  }

  /** One event type's circuit; every transition happens under its lock. */
  private final class Circuit {
    private State state = State.CLOSED;
    private int failures;
    private Instant firstFailure;
    private Instant openedAt;
    private boolean trialRunning;

    synchronized State state(Instant now) {
      if (state == State.OPEN && !now.isBefore(later(openedAt, openDuration))) {
        return State.HALF_OPEN;
      }
      return state;
    }

    synchronized void admit(String typeName, Instant now) {
      if (state == State.OPEN && !now.isBefore(later(openedAt, openDuration))) {
        state = State.HALF_OPEN;
        trialRunning = false;
      }
      if (state == State.OPEN || (state == State.HALF_OPEN && trialRunning)) {
        Instant retry = later(openedAt, openDuration);
        throw new EventRejectedException(
            "circuit breaker open for "
                + typeName
                + " after "
                + failureThreshold
                + " consecutive failed publications; "
                + (state == State.OPEN
                    ? retry.equals(Instant.MAX)
                        ? "it stays open: its open duration is too long to end"
                        : "it lets a trial event through at " + retry
                    : "a trial event is under way")
                + ". The event was not published.");
      }
      if (state == State.HALF_OPEN) {
        trialRunning = true;
      }
    }

    synchronized void record(boolean success, Instant now) {
      if (success) {
        state = State.CLOSED;
        failures = 0;
        firstFailure = null;
        trialRunning = false;
        return;
      }
      if (state == State.HALF_OPEN) {
        open(now);
        return;
      }
      if (failures == 0 || now.isAfter(later(firstFailure, window))) {
        failures = 0;
        firstFailure = now;
      }
      failures++;
      if (failures >= failureThreshold) {
        open(now);
      }
    }

    /**
     * {@code at} plus {@code duration}, or {@link Instant#MAX} for a sum too late for an instant
     * (a duration such as {@code ChronoUnit.FOREVER}'s means for ever).
     */
    private Instant later(Instant at, Duration duration) {
      boolean tooLate = duration.compareTo(Duration.between(at, Instant.MAX)) >= 0;
      return tooLate ? Instant.MAX : at.plus(duration);
    }

    private void open(Instant now) {
      state = State.OPEN;
      openedAt = now;
      failures = 0;
      firstFailure = null;
      trialRunning = false;
    }
  }

  /** Configures a {@link CircuitBreakerMiddleware}. */
  public static final class Builder {
    private int failureThreshold = 5;
    private Duration window = Duration.ofSeconds(10);
    private Duration openDuration = Duration.ofSeconds(30);
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Consecutive failed publications that open the circuit; at least 1.
     *
     * @param failures the number of failures, 1 and up
     * @return this builder
     * @throws IllegalArgumentException if {@code failures} is below 1
     */
    public Builder failureThreshold(int failures) {
      if (failures < 1) {
        throw new IllegalArgumentException("failure threshold must be at least 1 but was " + failures);
      }
      this.failureThreshold = failures;
      return this;
    }

    /**
     * How close together the failures must be; positive, and a duration too long for an instant
     * means for ever.
     *
     * @param window the longest time from the first failure to the last; positive
     * @return this builder
     */
    public Builder window(Duration window) {
      this.window = positive(window, "window");
      return this;
    }

    /**
     * How long the circuit stays open before a trial event; positive, and a duration too long for
     * an instant ({@code ChronoUnit.FOREVER.getDuration()}, say) keeps it open for ever.
     *
     * @param openDuration how long the circuit stays open; positive
     * @return this builder
     */
    public Builder openDuration(Duration openDuration) {
      this.openDuration = positive(openDuration, "open duration");
      return this;
    }

    /**
     * The clock, for tests.
     *
     * @param clock the clock that times failures and openings
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Makes the breaker.
     *
     * @return a breaker with this builder's settings and every circuit closed
     */
    public CircuitBreakerMiddleware build() {
      return new CircuitBreakerMiddleware(this);
    }

    private static Duration positive(Duration duration, String what) {
      Objects.requireNonNull(duration, what);
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException(what + " must be positive but was " + duration);
      }
      return duration;
    }
  }
}
