package io.torematrix.eventbus.example.spring.orders;

import io.torematrix.eventbus.annotation.Event;

/** The warehouse sent the order out. */
@Event(name = "shop.order-shipped")
public record OrderShipped(String orderId, String trackingCode) {}
