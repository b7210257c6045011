package io.torematrix.eventbus;

/**
 * A registration with a bus. Closing it unsubscribes every handler it covers, and is a barrier:
 * once {@link #close()} returns, no code of the subscription (handler, filter or error callback)
 * runs or starts, at any level, so deliveries still queued for it are skipped (and counted as
 * {@link PublishResult#skipped()}).
 *
 * <p>Memory consistency effects: the actions of every invocation of the subscription's code
 * <i>happen-before</i> {@code close()} returns.
 */
public interface Subscription extends AutoCloseable {

  /**
   * Unsubscribes: stops new invocations of the subscription's code at once, then waits for those
   * already running on other threads to end. Called from inside the subscription's own code (or
   * from code running inside it, on the same thread), it returns at once instead of waiting for
   * itself; invocations on other threads may then still be running. So it does when the
   * invocations it waits for are themselves waiting, in a {@code close()} of their own, directly or
   * through other closers, for code running on this thread (two handlers closing each other's
   * subscriptions at once), which would otherwise wait for each other for ever. The wait is not
   * interruptible: an interrupt is kept in the thread's status. Idempotent; a second call also
   * waits for the running invocations.
   */
  @Override
  void close();

  /** {@return {@code true} until {@link #close()} is called or the bus is closed} */
  boolean isActive();
}
