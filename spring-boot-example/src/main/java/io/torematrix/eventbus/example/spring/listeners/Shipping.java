package io.torematrix.eventbus.example.spring.listeners;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.PublishOptions;
import io.torematrix.eventbus.annotation.Subscribe;
import io.torematrix.eventbus.example.spring.orders.OrderPlaced;
import io.torematrix.eventbus.example.spring.orders.OrderShipped;
import java.util.concurrent.CompletionStage;
import org.springframework.stereotype.Component;

/**
 * Ships each order on the bus's threads and announces it. A listener bean may take the bus as a
 * dependency: it is registered only once every singleton exists.
 */
@Component
public class Shipping {
  private final EventBus bus;

  /** Ships through {@code bus}. */
  public Shipping(EventBus bus) {
    this.bus = bus;
  }

  @Subscribe
  CompletionStage<?> ship(OrderPlaced order, EventContext context) {
    String trackingCode = "TRK-" + order.orderId();
    return bus.publish(
        new OrderShipped(order.orderId(), trackingCode), PublishOptions.defaults().causedBy(context));
  }
}
