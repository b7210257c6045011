package io.torematrix.eventbus;

/**
 * What happened to the events of one type since the bus was built. Deliveries count handler
 * invocations, so an event with three handlers adds three. Every handler an accepted event matched
 * ends up in exactly one of {@code delivered}, {@code filtered}, {@code failed} and {@code
 * skipped} once it is done, {@code DEFERRED} ones included; so once the bus is idle their sum is
 * the number of matches.
 *
 * @param eventType the type's stable name, or {@code "*"} for the total over all types
 * @param published events accepted by {@code publish}
 * @param delivered handler invocations that completed normally
 * @param filtered deliveries a filter skipped
 * @param failed handler invocations (or filters) that failed, and deliveries that will never run
 *     because the bus closed first or publishing failed
 * @param skipped deliveries to subscribers unsubscribed after the event was published and before
 *     their code started
 * @param dead events no subscription matched
 * @param handlerTime how long handlers of this type took
 */
public record EventTypeMetrics(
    String eventType,
    long published,
    long delivered,
    long filtered,
    long failed,
    long skipped,
    long dead,
    TimingSnapshot handlerTime) {

  /**
   * {@return the share of handler invocations that failed, between 0 and 1; 0 when there were none}
   */
  public double errorRate() {
    long invocations = delivered + failed;
    return invocations == 0 ? 0 : (double) failed / invocations;
  }
}
