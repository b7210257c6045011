package io.torematrix.eventbus.spring.boot.actuate;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.LaneMetrics;
import io.torematrix.eventbus.spi.EventStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The bus's health: {@code DOWN} if its store cannot be read, {@code OUT_OF_SERVICE} if a queue
 * is filled to the saturation threshold or beyond (publishers are about to wait or be refused),
 * {@code UP} otherwise.
 *
 * <pre>{@code
 * "eventBus": { "status": "UP", "details": {
 *     "lanes": { "NORMAL": { "depth": 3, "capacity": 10000 }, "DEFERRED": { "depth": 0, "capacity": 10000 } },
 *     "store": { "reachable": true } } }
 * }</pre>
 *
 * The store checked is the application's {@link EventStore} bean, the one the auto-configured bus
 * keeps its events in, by reading at most one event from it on the calling thread. A store
 * handed to the bus otherwise (through a customizer, or to a bus the application built itself)
 * is not visible here: without a store bean, the details carry no {@code store} entry.
 */
public class EventBusHealthIndicator implements HealthIndicator {
  private final EventBus bus;
  private final EventStore store;
  private final double saturationThreshold;

  /**
   * Judges {@code bus}, and {@code store} if not {@code null}.
   *
   * @param bus the bus whose queues are judged
   * @param store the store to read one event from on each check, or {@code null} for none
   * @param saturationThreshold the share of a queue's capacity, above 0 and at most 1, at which the
   *     bus is reported {@code OUT_OF_SERVICE}
   * @throws NullPointerException if {@code bus} is null
   * @throws IllegalArgumentException unless {@code saturationThreshold} is above 0 and at most 1
   */
  public EventBusHealthIndicator(EventBus bus, EventStore store, double saturationThreshold) {
    this.bus = Objects.requireNonNull(bus, "bus");
    this.store = store;
    if (!(saturationThreshold > 0 && saturationThreshold <= 1)) {
      throw new IllegalArgumentException(
          "saturation threshold must be above 0 and at most 1 but was " + saturationThreshold);
    }
    this.saturationThreshold = saturationThreshold;
  }

  @Override
  public Health health() {
    Health.Builder health = Health.up();
    Map<String, Object> lanes = new LinkedHashMap<>();
    boolean saturated = false;
    for (LaneMetrics lane : bus.metrics().lanes()) {
      lanes.put(lane.priority().name(), Map.of("depth", lane.depth(), "capacity", lane.capacity()));
      saturated |= lane.depth() >= saturationThreshold * lane.capacity();
    }
    health.withDetail("lanes", lanes);
    if (saturated) {
      health.outOfService();
    }
    if (store != null) {
      try {
        store.read(EventQuery.all().limit(1));
        health.withDetail("store", Map.of("reachable", true));
      } catch (RuntimeException | Error e) {
        health.down().withDetail("store", Map.of("reachable", false, "error", String.valueOf(e)));
      }
    }
    return health.build();
  }
}
