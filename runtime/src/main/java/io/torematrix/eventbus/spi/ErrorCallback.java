package io.torematrix.eventbus.spi;

/**
 * Called with the event and the failure when a handler fails. An exception it throws is reported
 * as well, never swallowed.
 *
 * @param <E> the event type
 */
@FunctionalInterface
public interface ErrorCallback<E> {

  /**
   * Reacts to {@code error}, raised while handling {@code event}.
   *
   * @param event the event whose handling failed
   * @param error what the handler threw
   * @throws Throwable anything, reported as a failure at step {@link
   *     io.torematrix.eventbus.HandlerFailure.Step#ERROR_CALLBACK}
   */
  void onError(E event, Throwable error) throws Throwable;
}
