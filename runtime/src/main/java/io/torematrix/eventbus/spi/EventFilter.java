package io.torematrix.eventbus.spi;

/** Decides whether a handler receives an event; an exception counts as the handler's failure. */
@FunctionalInterface
public interface EventFilter<E> {

  /** Returns {@code true} to deliver {@code event} to the handler. */
  boolean test(E event) throws Throwable;
}
