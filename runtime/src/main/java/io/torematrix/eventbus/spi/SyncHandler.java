package io.torematrix.eventbus.spi;

import io.torematrix.eventbus.EventContext;

/** A handler that has finished when it returns. */
@FunctionalInterface
public interface SyncHandler<E> {

  /**
   * Handles one event; any exception is reported as this handler's failure.
   *
   * @param event the event
   * @param context the event's context; {@code null} when the handler's spec said it does not
   *     read it ({@link HandlerSpec#takesContext(boolean) takesContext(false)}), so that the bus
   *     need not make one
   */
  void handle(E event, EventContext context) throws Throwable;
}
