package io.torematrix.eventbus.spi;

import java.util.List;

/**
 * A {@code DEFERRED} handler that receives events in batches, oldest first.
 *
 * @param <E> the event type
 */
@FunctionalInterface
public interface BatchHandler<E> {

  /**
   * Handles a batch; an exception fails the delivery of every event in it.
   *
   * @param batch between one and the batch size events, never empty, not to be modified
   * @throws Throwable anything, reported as this handler's failure for every event of the batch
   */
  void handle(List<E> batch) throws Throwable;
}
