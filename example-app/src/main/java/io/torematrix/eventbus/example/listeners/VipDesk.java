package io.torematrix.eventbus.example.listeners;

import io.torematrix.eventbus.annotation.Priority;
import io.torematrix.eventbus.annotation.Subscribe;
import io.torematrix.eventbus.example.Console;
import io.torematrix.eventbus.example.orders.OrderPlaced;
import java.math.BigDecimal;

/** Greets big spenders: a filter method decides, and only on the {@code orders.*} topics. */
public final class VipDesk {
  private static final BigDecimal VIP_AMOUNT = new BigDecimal("100.00");

  @Subscribe(priority = Priority.IMMEDIATE, topics = "orders.*", filter = "isVip")
  void greet(OrderPlaced order) {
    Console.handler("VipDesk.greet", "a personal thank-you note goes to " + order.customer());
  }

  boolean isVip(OrderPlaced order) {
    return order.amount().compareTo(VIP_AMOUNT) >= 0;
  }
}
