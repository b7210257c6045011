package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.spi.EventTypeInfo;
import java.util.List;

/**
 * A known event type and the keys its events are delivered under: the type itself, then each
 * {@code @Event} supertype.
 */
public final class EventType {
  private final EventTypeInfo info;
  private final List<Class<?>> deliveryKeys;

  EventType(EventTypeInfo info) {
    this.info = info;
    Class<?>[] keys = new Class<?>[info.supertypes().size() + 1];
    keys[0] = info.type();
    for (int i = 0; i < info.supertypes().size(); i++) {
      keys[i + 1] = info.supertypes().get(i);
    }
    this.deliveryKeys = List.of(keys);
  }

  /** The build-time facts. */
  public EventTypeInfo info() {
    return info;
  }

  /** The type itself, then each {@code @Event} supertype. */
  public List<Class<?>> deliveryKeys() {
    return deliveryKeys;
  }
}
