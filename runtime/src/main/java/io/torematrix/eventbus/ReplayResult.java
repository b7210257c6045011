package io.torematrix.eventbus;

import java.util.List;

/**
 * What a replay did: how many stored events it re-delivered and what the handlers made of them.
 *
 * @param events stored events read and re-delivered
 * @param delivered handler invocations that completed normally
 * @param filtered deliveries a filter skipped
 * @param failed handler invocations that failed
 * @param failures every failure, also reported to the error callbacks and the bus's error handler
 */
public record ReplayResult(
    long events, long delivered, long filtered, long failed, List<HandlerFailure> failures) {

  /**
   * Copies the failures.
   *
   * @param events stored events read and re-delivered
   * @param delivered handler invocations that completed normally
   * @param filtered deliveries a filter skipped
   * @param failed handler invocations that failed
   * @param failures every failure, also reported to the error callbacks and the bus's error handler
   * @throws NullPointerException if {@code failures} is null
   */
  public ReplayResult {
    failures = List.copyOf(failures);
  }
}
