package io.torematrix.eventbus;

import io.torematrix.eventbus.annotation.Event;
import java.util.Objects;

/**
 * Published by the bus when an event reached no subscription, by type and topic. Subscribe to it
 * to notice events nobody handles; its context is caused by the dead event. A {@code DeadEvent}
 * nobody receives is not published again.
 *
 * <pre>{@code
 * bus.subscribe(DeadEvent.class, dead -> log.warn("nobody handles " + dead.context().typeName()));
 * }</pre>
 *
 * @param event the event nobody received
 * @param context its context
 */
@Event(name = "torematrix.dead-event", topic = "torematrix.dead")
public record DeadEvent(Object event, EventContext context) {
  /**
   * Creates the notice; both parts are required.
   *
   * @param event the event nobody received
   * @param context its context
   */
  public DeadEvent {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(context, "context");
  }
}
