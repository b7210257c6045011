package io.torematrix.eventbus.example.listeners;

import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.annotation.Subscribe;
import io.torematrix.eventbus.example.Console;
import io.torematrix.eventbus.example.orders.OrderEvent;
import java.util.UUID;

/** Records every order event, whatever its concrete type, with its context. */
public final class AuditTrail {

  @Subscribe(order = -10)
  void record(OrderEvent event, EventContext context) {
    Console.handler(
        "AuditTrail.record",
        context.typeName()
            + " v"
            + context.typeVersion()
            + " on "
            + context.topic()
            + " id="
            + shortId(context.eventId())
            + " correlation="
            + shortId(context.correlationId())
            + context.causationId().map(c -> " causedBy=" + shortId(c)).orElse(""));
  }

  /** The part of a time-ordered id that changes from event to event. */
  private static String shortId(UUID id) {
    return id.toString().substring(0, 18);
  }
}
