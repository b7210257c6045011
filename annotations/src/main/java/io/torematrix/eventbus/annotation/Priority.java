package io.torematrix.eventbus.annotation;

/**
 * When a subscription runs relative to the {@code publish} call that delivers to it.
 *
 * <p>Within one level, {@link Subscribe#order()} (lower first) and then registration order decide
 * the sequence.
 */
public enum Priority {
  /**
   * Runs on the publisher's thread before {@code publish} returns. Use it for cheap, non-blocking
   * work that must have happened when {@code publish} returns.
   */
  IMMEDIATE,

  /**
   * Runs on the bus's executor. The stage returned by {@code publish} completes once every
   * {@code IMMEDIATE} and {@code NORMAL} handler has finished. The default.
   */
  NORMAL,

  /**
   * Runs in the background at lower precedence, possibly batched. {@code publish} does not wait
   * for it; {@code drain()} and {@code close()} do.
   */
  DEFERRED
}
