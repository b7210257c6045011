package io.torematrix.eventbus.example.listeners;

import io.torematrix.eventbus.annotation.DurableStart;
import io.torematrix.eventbus.annotation.Subscribe;
import io.torematrix.eventbus.example.orders.OrderPlaced;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * A durable projection: it receives every stored {@code OrderPlaced} once at least, in store order,
 * on a thread of its own, and the bus keeps its place (its checkpoint) in the same SQLite file as
 * the events. A second run of the tour resumes after the orders the first one handled. A real
 * projection would write its rows to a database, idempotently; this one sums what one run saw.
 */
public final class SalesLedger {
  private final List<String> orders = new ArrayList<>();
  private BigDecimal revenue = BigDecimal.ZERO;

  @Subscribe(durable = "sales-ledger", startAt = DurableStart.BEGINNING)
  synchronized void record(OrderPlaced order) {
    orders.add(order.orderId());
    revenue = revenue.add(order.amount());
  }

  /** The orders this instance handled, in the order it handled them. */
  public synchronized List<String> orders() {
    return List.copyOf(orders);
  }

  /** What those orders were worth. */
  public synchronized BigDecimal revenue() {
    return revenue;
  }
}
