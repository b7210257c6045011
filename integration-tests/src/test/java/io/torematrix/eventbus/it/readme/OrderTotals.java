package io.torematrix.eventbus.it.readme;

import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.annotation.DurableStart;
import io.torematrix.eventbus.annotation.Retry;
import io.torematrix.eventbus.annotation.Subscribe;
import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The README's durable projection, verbatim. */
final class OrderTotals {
  final Map<String, BigDecimal> byOrder = new ConcurrentHashMap<>();    // your table

  @Subscribe(durable = "order-totals", startAt = DurableStart.BEGINNING,
             retry = @Retry(maxAttempts = 3, backoffMillis = 200))
  void project(OrderPlaced order, EventContext context) {
    byOrder.put(order.orderId(), order.amount());   // idempotent: after a crash an event may come again
  }
}
