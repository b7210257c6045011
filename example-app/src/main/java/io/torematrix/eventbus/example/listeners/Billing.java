package io.torematrix.eventbus.example.listeners;

import io.torematrix.eventbus.annotation.Subscribe;
import io.torematrix.eventbus.example.Console;
import io.torematrix.eventbus.example.orders.OrderPlaced;
import java.math.BigDecimal;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Charges the customer asynchronously: the handler returns a stage and {@code publish} waits for
 * it. Charges above the limit fail; {@code onError} hears about it first.
 */
public final class Billing {
  private static final BigDecimal LIMIT = new BigDecimal("500.00");

  @Subscribe(onError = "chargeFailed")
  CompletionStage<Void> charge(OrderPlaced order) {
    return CompletableFuture.runAsync(
        () -> {
          if (order.amount().compareTo(LIMIT) > 0) {
            throw new IllegalStateException(
                "card of " + order.customer() + " declined: " + order.amount() + " is over the limit of " + LIMIT);
          }
          Console.handler("Billing.charge", "charged " + order.amount() + " to " + order.customer());
        });
  }

  void chargeFailed(OrderPlaced order, Throwable error) {
    Console.handler("Billing.chargeFailed", "onError for " + order.orderId() + ": " + error.getMessage());
  }
}
