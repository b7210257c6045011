package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.DeadEvent;
import io.torematrix.eventbus.spi.EventBusIndex;
import io.torematrix.eventbus.spi.EventTypeInfo;
import io.torematrix.eventbus.spi.ListenerDispatcher;
import java.util.List;

/** The event types the runtime itself publishes, written as the processor would write them. */
final class BuiltInEvents implements EventBusIndex {

  @Override
  public List<EventTypeInfo> eventTypes() {
    return List.of(
        EventTypeInfo.of(DeadEvent.class, "torematrix.dead-event", 1, "torematrix.dead"));
  }

  @Override
  public List<ListenerDispatcher> dispatchers() {
    return List.of();
  }
}
