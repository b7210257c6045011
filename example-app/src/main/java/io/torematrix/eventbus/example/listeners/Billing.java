package io.torematrix.eventbus.example.listeners;

import io.torematrix.eventbus.annotation.Subscribe;
import io.torematrix.eventbus.example.Console;
import io.torematrix.eventbus.example.orders.OrderPlaced;
import java.math.BigDecimal;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Charges the customer asynchronously, on the payment gateway's thread: the handler returns a
 * stage and {@code publish} waits for it. Charges above the limit fail; {@code onError} hears
 * about it first.
 */
public final class Billing {
  private static final BigDecimal LIMIT = new BigDecimal("500.00");

  /** One daemon thread, named payment-gateway, started when a charge comes and ended when idle. */
  private static final Executor GATEWAY =
      new ThreadPoolExecutor(
          0,
          1,
          1,
          TimeUnit.SECONDS,
          new LinkedBlockingQueue<>(),
          task -> {
            Thread thread = new Thread(task, "payment-gateway");
            thread.setDaemon(true);
            return thread;
          });

  @Subscribe(onError = "chargeFailed")
  CompletionStage<Void> charge(OrderPlaced order) {
    return CompletableFuture.runAsync(
        () -> {
          if (order.amount().compareTo(LIMIT) > 0) {
            throw new IllegalStateException(
                "card of " + order.customer() + " declined: " + order.amount() + " is over the limit of " + LIMIT);
          }
          Console.handler("Billing.charge", "charged " + order.amount() + " to " + order.customer());
        },
        GATEWAY);
  }

  void chargeFailed(OrderPlaced order, Throwable error) {
    Console.handler("Billing.chargeFailed", "onError for " + order.orderId() + ": " + error.getMessage());
  }
}
