package io.torematrix.eventbus.example.spring.orders;

import io.torematrix.eventbus.annotation.Event;

/** A customer ordered {@code quantity} of {@code item}. */
@Event(name = "shop.order-placed")
public record OrderPlaced(String orderId, String item, int quantity) {}
