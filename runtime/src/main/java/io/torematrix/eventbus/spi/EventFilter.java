package io.torematrix.eventbus.spi;

/**
 * Decides whether a handler receives an event; an exception counts as the handler's failure.
 *
 * @param <E> the event type
 */
@FunctionalInterface
public interface EventFilter<E> {

  /**
   * Returns {@code true} to deliver {@code event} to the handler.
   *
   * @param event the event about to be delivered
   * @return whether to deliver it
   * @throws Throwable anything, reported as the handler's failure (the event is not delivered)
   */
  boolean test(E event) throws Throwable;
}
