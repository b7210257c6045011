package io.torematrix.eventbus.demo.nats;

import io.torematrix.eventbus.annotation.Event;

/** The warehouse shipped an order in parcel {@code parcel}: its reply, exported by the warehouse. */
@Event(name = "demo.order-shipped", topic = "shipments.shipped")
public record OrderShipped(String orderId, String parcel) {}
