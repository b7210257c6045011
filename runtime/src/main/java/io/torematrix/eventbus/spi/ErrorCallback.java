package io.torematrix.eventbus.spi;

/**
 * Called with the event and the failure when a handler fails. An exception it throws is reported
 * as well, never swallowed.
 */
@FunctionalInterface
public interface ErrorCallback<E> {

  /** Reacts to {@code error}, raised while handling {@code event}. */
  void onError(E event, Throwable error) throws Throwable;
}
