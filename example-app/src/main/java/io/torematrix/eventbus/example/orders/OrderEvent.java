package io.torematrix.eventbus.example.orders;

import io.torematrix.eventbus.annotation.Event;

/** Every event about an order: a handler of this interface receives them all. */
@Event(name = "order")
public sealed interface OrderEvent permits OrderPlaced, OrderShipped {
  String orderId();
}
