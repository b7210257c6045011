package io.torematrix.eventbus.example.orders;

import io.torematrix.eventbus.annotation.Event;

/** A stock count; nobody in the example listens to it, so it ends up a dead event. */
@Event(name = "stock.counted", topic = "warehouse.stock")
public record StockCounted(String item, int count) {}
