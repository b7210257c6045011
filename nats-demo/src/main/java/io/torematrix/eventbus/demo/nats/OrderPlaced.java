package io.torematrix.eventbus.demo.nats;

import io.torematrix.eventbus.annotation.Event;

/** The shop took an order: {@code quantity} of {@code item}. Exported by the shop. */
@Event(name = "demo.order-placed", topic = "orders.placed")
public record OrderPlaced(String orderId, String item, int quantity) {}
