package io.torematrix.eventbus.example.orders;

import io.torematrix.eventbus.annotation.Event;
import java.math.BigDecimal;

/** A customer placed an order. Published on {@code orders.placed} unless a topic is given. */
@Event(name = "order.placed", version = 1, topic = "orders.placed")
public record OrderPlaced(String orderId, String customer, String item, int quantity, BigDecimal amount)
    implements OrderEvent {}
