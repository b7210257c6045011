package io.torematrix.eventbus.example.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.DurableSubscriptionStatus;
import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.PublishResult;
import io.torematrix.eventbus.example.spring.listeners.SalesLedger;
import io.torematrix.eventbus.example.spring.listeners.SalesLedger.Sale;
import io.torematrix.eventbus.example.spring.orders.OrderPlaced;
import io.torematrix.eventbus.store.jdbc.JdbcEventStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sales ledger, a durable subscription on the shop's SQLite store, across a restart of the
 * shop: stop the context, start a new one on the same file, and every order is in the ledger once.
 */
class DurableLedgerTest {
  @TempDir Path directory;

  @Test
  void theLedgerResumesAfterARestartWithoutLosingOrDoublingAnOrder() throws Exception {
    Path file = directory.resolve("shop.db");
    List<String> placed = new ArrayList<>();

    try (ConfigurableApplicationContext shop = start(file)) {
      EventBus bus = shop.getBean(EventBus.class);
      for (int i = 0; i < 3; i++) {
        placed.add(place(bus, "first-" + i));
      }
      assertTrue(bus.drain(Duration.ofSeconds(10)));
      assertEquals(3, shop.getBean(SalesLedger.class).sales().size());
      // a burst, then the context closes at once: the ledger stops after the order in hand
      for (int i = 0; i < 50; i++) {
        placed.add(place(bus, "burst-" + i));
      }
    }
    // while the shop is down, another instance of it takes orders into the same store
    try (EventBus other =
        EventBus.builder().store(JdbcEventStores.sqlite(file)).shutdownHook(false).build()) {
      for (int i = 0; i < 3; i++) {
        placed.add(place(other, "elsewhere-" + i));
      }
    }

    try (ConfigurableApplicationContext shop = start(file)) {
      EventBus bus = shop.getBean(EventBus.class);
      assertTrue(bus.drain(Duration.ofSeconds(30)));

      List<Sale> sales = shop.getBean(SalesLedger.class).sales();
      assertEquals(placed, sales.stream().map(Sale::orderId).toList(), "each order, in order");
      assertEquals(
          List.of(1),
          sales.stream().map(Sale::deliveries).distinct().toList(),
          "no order delivered twice");
      DurableSubscriptionStatus ledger = bus.durable().status("sales-ledger").orElseThrow();
      assertEquals(0, ledger.lag());
      assertEquals(0, ledger.parked());
      assertTrue(ledger.runningHere());
    }
  }

  private static ConfigurableApplicationContext start(Path file) {
    return new SpringApplicationBuilder(ShopApplication.class)
        .run("--server.port=0", "--spring.datasource.url=jdbc:sqlite:" + file);
  }

  private static String place(EventBus bus, String orderId) throws Exception {
    CompletionStage<PublishResult> published = bus.publish(new OrderPlaced(orderId, "book", 1));
    published.toCompletableFuture().get(10, TimeUnit.SECONDS);
    return orderId;
  }
}
