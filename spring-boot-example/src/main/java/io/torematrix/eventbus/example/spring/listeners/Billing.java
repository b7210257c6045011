package io.torematrix.eventbus.example.spring.listeners;

import io.torematrix.eventbus.annotation.Priority;
import io.torematrix.eventbus.annotation.Subscribe;
import io.torematrix.eventbus.example.spring.orders.OrderPlaced;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** Invoices each order on the publishing thread, before {@code publish} returns. */
@Component
public class Billing {
  private static final int CENTS_PER_ITEM = 1_250;

  private final Map<String, Integer> invoices = new ConcurrentHashMap<>();

  @Subscribe(priority = Priority.IMMEDIATE)
  void invoice(OrderPlaced order) {
    invoices.put(order.orderId(), order.quantity() * CENTS_PER_ITEM);
  }

  /** The invoiced amount of each order, in cents, by order id. */
  public Map<String, Integer> invoices() {
    return Map.copyOf(invoices);
  }
}
