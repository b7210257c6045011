package io.torematrix.eventbus.spring.boot.actuate;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventBusMetrics;
import io.torematrix.eventbus.EventTypeMetrics;
import io.torematrix.eventbus.LaneMetrics;
import io.torematrix.eventbus.TimingSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code eventbus} Actuator endpoint: a snapshot of the bus's figures ({@link
 * EventBus#metrics()}). {@code GET /actuator/eventbus} answers with every event type; {@code GET
 * /actuator/eventbus/{eventType}} with one, or 404 if the bus knows no type of that name.
 *
 * <pre>{@code
 * {
 *   "takenAt": "2026-05-04T10:15:30.123Z",
 *   "inFlight": 0,
 *   "lanes": [ {"priority": "NORMAL", "depth": 0, "running": 0, "capacity": 10000}, ... ],
 *   "total": { "eventType": "*", "published": 3, ... },
 *   "eventTypes": [
 *     { "eventType": "shop.order-placed", "published": 3, "delivered": 6, "filtered": 0,
 *       "failed": 0, "dead": 0, "errorRate": 0.0,
 *       "handlerTime": { "count": 6, "totalMillis": 1.9, "meanMillis": 0.31, "maxMillis": 0.8,
 *                        "p50Millis": 0.25, "p95Millis": 0.8, "p99Millis": 0.8 } }, ... ]
 * }
 * }</pre>
 *
 * Times are in milliseconds, fractional. Like every endpoint but {@code health}, it must be
 * exposed to be reachable over HTTP: {@code management.endpoints.web.exposure.include=eventbus}.
 */
@Endpoint(id = "eventbus")
public class EventBusEndpoint {
  private final EventBus bus;

  /**
   * An endpoint reporting on {@code bus}.
   *
   * @param bus the bus whose {@code metrics()} each read takes
   * @throws NullPointerException if {@code bus} is null
   */
  public EventBusEndpoint(EventBus bus) {
    this.bus = Objects.requireNonNull(bus, "bus");
  }

  /**
   * {@return the bus's figures now} Each call takes a fresh snapshot of {@code bus.metrics()}, on
   * the calling (request) thread.
   */
  @ReadOperation
  public EventBusDescriptor eventBus() {
    EventBusMetrics metrics = bus.metrics();
    return new EventBusDescriptor(
        metrics.takenAt().toString(),
        metrics.inFlight(),
        metrics.lanes().stream().map(LaneDescriptor::of).toList(),
        EventTypeDescriptor.of(metrics.total()),
        metrics.eventTypes().stream().map(EventTypeDescriptor::of).toList());
  }

  /**
   * The figures of one event type, from a fresh snapshot.
   *
   * @param eventType the type's {@code @Event} name, such as {@code user.logged-in}
   * @return its figures, or {@code null} (404) if the bus knows no such type
   */
  @ReadOperation
  public EventTypeDescriptor eventType(@Selector String eventType) {
    return bus.metrics().eventType(eventType).map(EventTypeDescriptor::of).orElse(null);
  }

  /**
   * The bus's figures.
   *
   * @param takenAt when the snapshot was taken, ISO-8601
   * @param inFlight events accepted whose handlers have not all finished
   * @param lanes the NORMAL and DEFERRED queues
   * @param total the sum over all event types
   * @param eventTypes each event type the bus knows, published or not
   */
  public record EventBusDescriptor(
      String takenAt,
      long inFlight,
      List<LaneDescriptor> lanes,
      EventTypeDescriptor total,
      List<EventTypeDescriptor> eventTypes)
      implements OperationResponseBody {}

  /**
   * One priority level's queue.
   *
   * @param priority NORMAL or DEFERRED
   * @param depth events holding a place in the queue
   * @param running delivery tasks running now
   * @param capacity the most events the queue takes
   */
  public record LaneDescriptor(String priority, int depth, long running, int capacity) {
    static LaneDescriptor of(LaneMetrics lane) {
      return new LaneDescriptor(
          lane.priority().name(), lane.depth(), lane.running(), lane.capacity());
    }
  }

  /**
   * What happened to the events of one type since the bus was built.
   *
   * @param eventType the type's stable name, or {@code *} for the total
   * @param published events accepted by publish
   * @param delivered handler invocations that completed normally
   * @param filtered deliveries a filter skipped
   * @param failed handler invocations that failed
   * @param dead events no subscription matched
   * @param errorRate failed invocations over all invocations, between 0 and 1
   * @param handlerTime how long the timed invocations took
   */
  public record EventTypeDescriptor(
      String eventType,
      long published,
      long delivered,
      long filtered,
      long failed,
      long dead,
      double errorRate,
      HandlerTimeDescriptor handlerTime)
      implements OperationResponseBody {
    static EventTypeDescriptor of(EventTypeMetrics type) {
      return new EventTypeDescriptor(
          type.eventType(),
          type.published(),
          type.delivered(),
          type.filtered(),
          type.failed(),
          type.dead(),
          type.errorRate(),
          HandlerTimeDescriptor.of(type.handlerTime()));
    }
  }

  /**
   * Handler times, in milliseconds; percentiles are estimates within 12.5%.
   *
   * @param count timed invocations
   * @param totalMillis their summed duration
   * @param meanMillis their mean duration
   * @param maxMillis the longest
   * @param p50Millis the median
   * @param p95Millis the 95th percentile
   * @param p99Millis the 99th percentile
   */
  public record HandlerTimeDescriptor(
      long count,
      double totalMillis,
      double meanMillis,
      double maxMillis,
      double p50Millis,
      double p95Millis,
      double p99Millis) {
    static HandlerTimeDescriptor of(TimingSnapshot time) {
      return new HandlerTimeDescriptor(
          time.count(),
          millis(time.total()),
          millis(time.mean()),
          millis(time.max()),
          millis(time.p50()),
          millis(time.p95()),
          millis(time.p99()));
    }

    private static double millis(Duration duration) {
      return duration.toNanos() / 1_000_000.0;
    }
  }
}
