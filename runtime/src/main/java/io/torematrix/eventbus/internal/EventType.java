package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.spi.EventTypeInfo;
import java.util.List;

/**
 * A known event type on one bus: the keys its events are delivered under (the type itself, then
 * each {@code @Event} supertype) and the bus's counters for it.
 */
final class EventType {
  private final EventTypeInfo info;
  private final List<Class<?>> deliveryKeys;
  private final TypeMetrics metrics;
  /**
   * The route of events of exactly this type, or {@code null} before any subscriber had one: an
   * immutable snapshot, written only by the bus's {@link SubscriberRegistry} under its lock, each
   * change a new one.
   */
  volatile Route route;

  /**
   * Whether an event of this type published on its default topic meets no middleware and no
   * store, so that {@link Publisher} may hand it to its handlers at once: a fact of the bus's
   * configuration, set once while the bus is built (before it is shared with other threads,
   * through its final fields) and never changed.
   */
  boolean direct;

  EventType(EventTypeInfo info) {
    this.info = info;
    this.metrics = new TypeMetrics(info.name());
    Class<?>[] keys = new Class<?>[info.supertypes().size() + 1];
    keys[0] = info.type();
    for (int i = 0; i < info.supertypes().size(); i++) {
      keys[i + 1] = info.supertypes().get(i);
    }
    this.deliveryKeys = List.of(keys);
  }

  /** The build-time facts. */
  EventTypeInfo info() {
    return info;
  }

  /** This bus's counters of events of this type. */
  TypeMetrics metrics() {
    return metrics;
  }

  /** The type itself, then each {@code @Event} supertype. */
  List<Class<?>> deliveryKeys() {
    return deliveryKeys;
  }
}
