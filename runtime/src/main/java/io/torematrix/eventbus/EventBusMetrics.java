package io.torematrix.eventbus;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An immutable snapshot of a bus's figures: per event type, their total, each queue, and the
 * events in flight. Taking one reads counters without stopping publishers; the figures of
 * different types are each consistent but not taken at one instant.
 *
 * <pre>{@code
 * EventBusMetrics metrics = bus.metrics();
 * for (EventTypeMetrics type : metrics.eventTypes()) {
 *   System.out.printf("%-20s %8d published %6.2f%% errors p99 %s%n",
 *       type.eventType(), type.published(), type.errorRate() * 100, type.handlerTime().p99());
 * }
 * }</pre>
 *
 * @param takenAt when the snapshot was taken
 * @param eventTypes each event type the bus knows, by name, published or not
 * @param total the sum over all types
 * @param lanes the {@code NORMAL} and {@code DEFERRED} queues
 * @param inFlight events accepted whose handlers have not all finished
 */
public record EventBusMetrics(
    Instant takenAt,
    List<EventTypeMetrics> eventTypes,
    EventTypeMetrics total,
    List<LaneMetrics> lanes,
    long inFlight) {

  /**
   * The figures of the event type named {@code name}, if the bus knows it.
   *
   * @param name an event type's stable name
   * @return its figures, or empty if the bus has none for that name
   */
  public Optional<EventTypeMetrics> eventType(String name) {
    return eventTypes.stream().filter(t -> t.eventType().equals(name)).findFirst();
  }
}
