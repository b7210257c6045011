package io.torematrix.eventbus.benchmarks.nats;

import io.torematrix.eventbus.annotation.Event;

/** The event the NATS benchmarks relay: an order of a few fields, about 100 bytes of JSON. */
@Event(name = "bench.order-placed", topic = "orders.placed")
public record Order(String orderId, String customer, long cents, int items) {}
