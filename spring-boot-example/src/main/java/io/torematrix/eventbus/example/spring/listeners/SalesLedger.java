package io.torematrix.eventbus.example.spring.listeners;

import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.annotation.DurableStart;
import io.torematrix.eventbus.annotation.Subscribe;
import io.torematrix.eventbus.example.spring.orders.OrderPlaced;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Enters every order placed in the sales ledger, a table in the shop's database. A durable
 * subscription: it reads the orders from the event store, from the first one on, and keeps its
 * checkpoint there, so an order placed while the ledger was behind, or while the shop was down, is
 * entered once the shop runs again; a failed entry is retried, then parked for an operator.
 *
 * <p>Delivery is at least once: after a crash, the orders handled since the last saved checkpoint
 * come again. Keyed by event id, the entry is then not doubled; its {@code deliveries} count says
 * how often it came.
 */
@Component
public class SalesLedger {

  /** One order in the ledger. */
  public record Sale(String orderId, String item, int quantity, int deliveries) {}

  private final JdbcClient jdbc;

  /** A ledger kept in the database {@code jdbc} reaches. */
  public SalesLedger(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Subscribe(durable = "sales-ledger", startAt = DurableStart.BEGINNING)
  void enter(OrderPlaced order, EventContext context) {
    jdbc.sql(
            """
            INSERT INTO sales_ledger (event_id, order_id, item, quantity, deliveries)
            VALUES (?, ?, ?, ?, 1)
            ON CONFLICT (event_id) DO UPDATE SET deliveries = deliveries + 1""")
        .params(context.eventId().toString(), order.orderId(), order.item(), order.quantity())
        .update();
  }

  /** Every order in the ledger, in the order entered. */
  public List<Sale> sales() {
    return jdbc.sql("SELECT order_id, item, quantity, deliveries FROM sales_ledger ORDER BY rowid")
        .query(Sale.class)
        .list();
  }
}
