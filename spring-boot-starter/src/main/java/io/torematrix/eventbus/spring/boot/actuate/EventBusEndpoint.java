package io.torematrix.eventbus.spring.boot.actuate;

import io.torematrix.eventbus.DurableSubscriptionStatus;
import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventBusMetrics;
import io.torematrix.eventbus.EventTypeMetrics;
import io.torematrix.eventbus.LaneMetrics;
import io.torematrix.eventbus.TimingSnapshot;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.ParkedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code eventbus} Actuator endpoint: a snapshot of the bus's figures ({@link
 * EventBus#metrics()}) and of its durable subscriptions ({@link EventBus#durable()}).
 *
 * <ul>
 *   <li>{@code GET /actuator/eventbus}: every event type, the queues, and each durable
 *       subscription with its checkpoint, lag and number of parked events;
 *   <li>{@code GET /actuator/eventbus/{eventType}}: one event type, or 404 if the bus knows no type
 *       of that name;
 *   <li>{@code GET /actuator/eventbus/durable/{name}}: one durable subscription with its oldest
 *       {@value #PARKED_SHOWN} parked events (the event, its last error, attempts and times), or 404;
 *   <li>{@code POST /actuator/eventbus/durable/{name}/{eventId}}: asks for another delivery of a
 *       parked event; {@code DELETE} on the same path discards it for good. These two write to the
 *       store and are off unless allowed: {@code management.endpoint.eventbus.access=unrestricted}.
 * </ul>
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
 *                        "p50Millis": 0.25, "p95Millis": 0.8, "p99Millis": 0.8 } }, ... ],
 *   "durableSubscriptions": [
 *     { "name": "sales-ledger", "checkpoint": "6", "lag": 0, "parked": 1,
 *       "owner": "host-1/4711/bus-1/9f3c2a1b", "leaseExpiresAt": "2026-05-04T10:15:39.870Z",
 *       "subscribedHere": true, "runningHere": true } ]
 * }
 * }</pre>
 *
 * Times are in milliseconds, fractional. Like every endpoint but {@code health}, it must be
 * exposed to be reachable over HTTP: {@code management.endpoints.web.exposure.include=eventbus}.
 */
@Endpoint(id = "eventbus", defaultAccess = Access.READ_ONLY)
public class EventBusEndpoint {
  /** The most parked events {@link #durableSubscription} lists, oldest first. */
  public static final int PARKED_SHOWN = 100;

  /** The path segment before a durable subscription's name. */
  private static final String DURABLE = "durable";

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
   * {@return the bus's figures now, and its durable subscriptions} Each call takes a fresh snapshot
   * of {@code bus.metrics()} and reads the subscriptions' status from the store, on the calling
   * (request) thread. If the store cannot be read, the figures are still given, with no durable
   * subscriptions and the store's error in {@code durableSubscriptionsError}.
   */
  @ReadOperation
  public EventBusDescriptor eventBus() {
    EventBusMetrics metrics = bus.metrics();
    List<DurableSubscriptionDescriptor> durable = List.of();
    String durableError = null;
    try {
      durable = bus.durable().status().stream().map(DurableSubscriptionDescriptor::of).toList();
    } catch (RuntimeException e) {
      durableError = String.valueOf(e);
    }
    return new EventBusDescriptor(
        metrics.takenAt().toString(),
        metrics.inFlight(),
        metrics.lanes().stream().map(LaneDescriptor::of).toList(),
        EventTypeDescriptor.of(metrics.total()),
        metrics.eventTypes().stream().map(EventTypeDescriptor::of).toList(),
        durable,
        durableError);
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
   * The durable subscription {@code name} with its oldest {@value #PARKED_SHOWN} parked events, or
   * {@code null} (404) if {@code section} is not {@code durable} or the store and the bus know no
   * subscription of that name. Reads the store on the calling thread.
   *
   * @param section the path segment {@code durable}
   * @param name the durable subscription's name
   * @return its status and parked events, or {@code null}
   * @throws InvalidEndpointRequestException (400) if {@code name} is not a valid durable name
   */
  @ReadOperation
  public DurableSubscriptionDetails durableSubscription(
      @Selector String section, @Selector String name) {
    if (!DURABLE.equals(section)) {
      return null;
    }
    Optional<DurableSubscriptionStatus> status = status(name);
    if (status.isEmpty()) {
      return null;
    }
    List<ParkedEventDescriptor> parked =
        bus.durable().parked(name, PARKED_SHOWN).stream().map(ParkedEventDescriptor::of).toList();
    return new DurableSubscriptionDetails(DurableSubscriptionDescriptor.of(status.get()), parked);
  }

  /**
   * Asks for another delivery of the parked event {@code eventId} of durable subscription {@code
   * name}: its holder delivers it again with a fresh round of attempts, parking it again if they
   * fail. Off unless {@code management.endpoint.eventbus.access=unrestricted}.
   *
   * @return what was done; {@code applied} is false if no such event is parked for the
   *     subscription, or {@code section} is not {@code durable}
   * @param section the path segment {@code durable}
   * @param name the durable subscription's name
   * @param eventId the parked event's id
   * @throws InvalidEndpointRequestException (400) if {@code name} or {@code eventId} is malformed
   */
  @WriteOperation
  public ParkedEventAction retryParked(
      @Selector String section, @Selector String name, @Selector String eventId) {
    UUID id = eventId(eventId);
    boolean applied =
        DURABLE.equals(section) && status(name).isPresent() && bus.durable().retry(name, id);
    return new ParkedEventAction(name, id.toString(), "retry", applied);
  }

  /**
   * Discards the parked event {@code eventId} of durable subscription {@code name} for good: the
   * subscription will not deliver it again. Off unless {@code
   * management.endpoint.eventbus.access=unrestricted}.
   *
   * @return what was done; {@code applied} is false if no such event is parked for the
   *     subscription, or {@code section} is not {@code durable}
   * @param section the path segment {@code durable}
   * @param name the durable subscription's name
   * @param eventId the parked event's id
   * @throws InvalidEndpointRequestException (400) if {@code name} or {@code eventId} is malformed
   */
  @DeleteOperation
  public ParkedEventAction discardParked(
      @Selector String section, @Selector String name, @Selector String eventId) {
    UUID id = eventId(eventId);
    boolean applied =
        DURABLE.equals(section) && status(name).isPresent() && bus.durable().discard(name, id);
    return new ParkedEventAction(name, id.toString(), "discard", applied);
  }

  private Optional<DurableSubscriptionStatus> status(String name) {
    try {
      return bus.durable().status(name);
    } catch (IllegalArgumentException e) {
      throw new InvalidEndpointRequestException(e.getMessage(), "invalid durable subscription name");
    }
  }

  private static UUID eventId(String eventId) {
    try {
      return UUID.fromString(eventId);
    } catch (IllegalArgumentException e) {
      throw new InvalidEndpointRequestException(
          "\"" + eventId + "\" is not an event id: expected a UUID such as"
              + " 0192f5e4-7b1c-7c3a-9e4f-2a1b3c4d5e6f",
          "invalid event id");
    }
  }

  /**
   * The bus's figures.
   *
   * @param takenAt when the snapshot was taken, ISO-8601
   * @param inFlight events accepted whose handlers have not all finished
   * @param lanes the NORMAL and DEFERRED queues
   * @param total the sum over all event types
   * @param eventTypes each event type the bus knows, published or not
   * @param durableSubscriptions each durable subscription of the store, and those subscribed on
   *     this bus that have not written to it yet; empty without a store
   * @param durableSubscriptionsError the store's error if it could not be read, else {@code null}
   *     (left out of the JSON)
   */
  public record EventBusDescriptor(
      String takenAt,
      long inFlight,
      List<LaneDescriptor> lanes,
      EventTypeDescriptor total,
      List<EventTypeDescriptor> eventTypes,
      List<DurableSubscriptionDescriptor> durableSubscriptions,
      String durableSubscriptionsError)
      implements OperationResponseBody {}

  /**
   * Where one durable subscription stands ({@link DurableSubscriptionStatus}).
   *
   * @param name the subscription's name
   * @param checkpoint the last checkpoint saved, as {@code Cursor.toString()} gives it: the
   *     position, preceded by {@code transaction:} on PostgreSQL
   * @param lag how many events were stored after the point it has handled up to (exact on SQLite
   *     and in memory, an estimate on PostgreSQL; events of every type counted)
   * @param parked how many of its events are parked, retries requested included
   * @param owner who holds its lease, or {@code null} (left out of the JSON) if nobody does
   * @param leaseExpiresAt when that lease lapses unless renewed, ISO-8601, or {@code null}
   * @param subscribedHere whether a handler of this bus is subscribed under the name
   * @param runningHere whether this bus holds the lease and delivers the subscription now
   */
  public record DurableSubscriptionDescriptor(
      String name,
      String checkpoint,
      long lag,
      long parked,
      String owner,
      String leaseExpiresAt,
      boolean subscribedHere,
      boolean runningHere) {
    static DurableSubscriptionDescriptor of(DurableSubscriptionStatus status) {
      return new DurableSubscriptionDescriptor(
          status.name(),
          status.checkpoint().toString(),
          status.lag(),
          status.parked(),
          status.owner().orElse(null),
          status.leaseExpiresAt().map(Instant::toString).orElse(null),
          status.subscribedHere(),
          status.runningHere());
    }
  }

  /**
   * One durable subscription and its oldest parked events.
   *
   * @param subscription where it stands
   * @param parkedEvents its oldest {@value #PARKED_SHOWN} parked events at most, oldest first
   */
  public record DurableSubscriptionDetails(
      DurableSubscriptionDescriptor subscription, List<ParkedEventDescriptor> parkedEvents)
      implements OperationResponseBody {}

  /**
   * A parked event ({@link ParkedEvent}).
   *
   * @param eventId the event's id, which the retry and discard operations take
   * @param position its position in the store (0 for a message that never reached it)
   * @param eventType its type's stable name
   * @param typeVersion its type's version
   * @param topic its topic
   * @param timestamp when it was published, ISO-8601
   * @param error the last failure: class, message and stack trace, cut to 8192 characters
   * @param attempts how many deliveries failed
   * @param firstFailedAt when the first attempt failed, ISO-8601
   * @param parkedAt when it was parked, or last marked for retry, ISO-8601
   * @param status {@code PARKED} (waiting for a decision) or {@code RETRY_REQUESTED}
   */
  public record ParkedEventDescriptor(
      String eventId,
      long position,
      String eventType,
      int typeVersion,
      String topic,
      String timestamp,
      String error,
      int attempts,
      String firstFailedAt,
      String parkedAt,
      String status) {
    static ParkedEventDescriptor of(ParkedEvent parked) {
      EventRecord record = parked.record();
      return new ParkedEventDescriptor(
          record.eventId().toString(),
          record.position(),
          record.typeName(),
          record.typeVersion(),
          record.topic(),
          record.timestamp().toString(),
          parked.error(),
          parked.attempts(),
          parked.firstFailedAt().toString(),
          parked.parkedAt().toString(),
          parked.status().name());
    }
  }

  /**
   * What a retry or discard did.
   *
   * @param subscription the durable subscription's name
   * @param eventId the parked event's id
   * @param action {@code retry} or {@code discard}
   * @param applied whether it was done; {@code false} if no such event was parked for the
   *     subscription
   */
  public record ParkedEventAction(
      String subscription, String eventId, String action, boolean applied)
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
