package io.torematrix.eventbus.example.orders;

import io.torematrix.eventbus.annotation.Event;

/** An order left the warehouse. Published on its name, {@code order.shipped}. */
@Event(name = "order.shipped")
public record OrderShipped(String orderId, String carrier) implements OrderEvent {}
