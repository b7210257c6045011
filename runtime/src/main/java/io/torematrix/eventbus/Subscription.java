package io.torematrix.eventbus;

/**
 * A registration with a bus. Closing it unsubscribes every handler it covers: once {@link
 * #close()} returns, they receive no event published afterwards, and deliveries still queued for
 * them are skipped (one already running finishes). Closing twice does nothing.
 */
public interface Subscription extends AutoCloseable {

  /** Unsubscribes; idempotent. */
  @Override
  void close();

  /** {@code true} until {@link #close()} is called or the bus is closed. */
  boolean isActive();
}
