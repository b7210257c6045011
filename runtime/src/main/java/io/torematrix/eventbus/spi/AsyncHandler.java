package io.torematrix.eventbus.spi;

import io.torematrix.eventbus.EventContext;
import java.util.concurrent.CompletionStage;

/**
 * A handler that has finished when the stage it returns completes.
 *
 * @param <E> the event type
 */
@FunctionalInterface
public interface AsyncHandler<E> {

  /**
   * Starts handling one event. A thrown exception, a {@code null} stage or a stage that completes
   * exceptionally is reported as this handler's failure.
   *
   * @param event the event
   * @param context its context
   * @return a stage that completes when the handler is done
   * @throws Throwable anything, reported as this handler's failure
   */
  CompletionStage<?> handle(E event, EventContext context) throws Throwable;
}
