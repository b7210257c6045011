package io.torematrix.eventbus.example.listeners;

import io.torematrix.eventbus.annotation.Priority;
import io.torematrix.eventbus.annotation.Subscribe;
import io.torematrix.eventbus.example.Console;
import io.torematrix.eventbus.example.orders.OrderPlaced;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Reserves stock the moment an order is placed: IMMEDIATE, on the publisher's thread. */
public final class Inventory {
  private final Map<String, Integer> reserved = new ConcurrentHashMap<>();

  @Subscribe(priority = Priority.IMMEDIATE)
  void reserve(OrderPlaced order) {
    reserved.merge(order.item(), order.quantity(), Integer::sum);
    Console.handler(
        "Inventory.reserve", "reserved " + order.quantity() + " x " + order.item() + " for " + order.orderId());
  }

  public int reserved(String item) {
    return reserved.getOrDefault(item, 0);
  }
}
