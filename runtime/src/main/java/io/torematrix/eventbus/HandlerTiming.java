package io.torematrix.eventbus;

/**
 * Which handler invocations the bus times for its {@linkplain EventBus#metrics() metrics}. Timing
 * costs two clock reads per timed invocation, so by default a random sample is timed; the
 * counters of deliveries and failures are always exact.
 */
public enum HandlerTiming {
  /** Time no invocation: the timing figures stay empty. */
  OFF,
  /**
   * Time about one invocation in 32, chosen at random: cheap, and exact enough for percentiles.
   * Handlers that run on the publishing thread are sampled per event: all of a sampled event's
   * {@code IMMEDIATE} handlers are timed.
   */
  SAMPLED,
  /** Time every invocation. */
  ALL
}
