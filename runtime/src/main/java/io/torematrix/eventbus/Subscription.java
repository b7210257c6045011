package io.torematrix.eventbus;

/**
 * A registration with a bus. Closing it unsubscribes every handler it covers: no handler
 * invocation starts after {@link #close()} returns. Closing twice does nothing.
 */
public interface Subscription extends AutoCloseable {

  /** Unsubscribes; idempotent. */
  @Override
  void close();

  /** {@code true} until {@link #close()} is called or the bus is closed. */
  boolean isActive();
}
