package io.torematrix.eventbus.example.listeners;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.annotation.Subscribe;
import io.torematrix.eventbus.example.Console;
import io.torematrix.eventbus.example.orders.OrderPlaced;
import io.torematrix.eventbus.example.orders.OrderShipped;

/** Ships paid orders and announces it: the new event is caused by the order it ships. */
public final class Shipping {
  private final EventBus bus;

  public Shipping(EventBus bus) {
    this.bus = bus;
  }

  @Subscribe(order = 10)
  void ship(OrderPlaced order) {
    Console.handler("Shipping.ship", "packing " + order.orderId());
    bus.publish(new OrderShipped(order.orderId(), "PostNL"));
  }
}
