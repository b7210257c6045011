package io.torematrix.eventbus.example.tour;

import static io.torematrix.eventbus.example.Console.heading;
import static io.torematrix.eventbus.example.Console.say;
import static io.torematrix.eventbus.example.tour.Summary.summary;

import io.torematrix.eventbus.BackpressurePolicy;
import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventMiddleware;
import io.torematrix.eventbus.EventRejectedException;
import io.torematrix.eventbus.PublishResult;
import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.Subscription;
import io.torematrix.eventbus.annotation.Priority;
import io.torematrix.eventbus.example.Console;
import io.torematrix.eventbus.example.orders.OrderPlaced;
import io.torematrix.eventbus.example.orders.StockCounted;
import io.torematrix.eventbus.example.pricing.QuoteRequested;
import io.torematrix.eventbus.middleware.CircuitBreakerMiddleware;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;

/** Back-pressure, middleware that rejects, a circuit breaker, a timeout and batches. */
public final class Resilience {
  private Resilience() {}

  /** Refuses orders from blocked customers before any handler sees them. */
  static final EventMiddleware BLOCKLIST =
      chain -> {
        if (chain.event() instanceof OrderPlaced order && order.customer().equals("mallory")) {
          throw new EventRejectedException("customer mallory is blocked; order " + order.orderId() + " refused");
        }
        return chain.proceed();
      };

  public static void run() throws InterruptedException {
    backpressure();
    CircuitBreakerMiddleware breaker =
        CircuitBreakerMiddleware.builder()
            .failureThreshold(3)
            .window(Duration.ofSeconds(10))
            .openDuration(Duration.ofSeconds(30))
            .build();
    try (EventBus bus =
        EventBus.builder()
            .middleware(BLOCKLIST, breaker)
            .discoverMiddleware(false) // this bus leaves OrderAuditMiddleware out
            .errorHandler(failure -> {})
            .build()) {
      rejection(bus);
      circuitBreaker(bus, breaker);
      timeout(bus);
      batches(bus);
    }
  }

  private static void backpressure() throws InterruptedException {
    heading("10. A full queue refuses the event before any handler sees it");
    say("Sections 10 to 14 build buses of their own, each configured for what it shows:");
    say("this one has a NORMAL queue of one event; the shop's bus of sections 0 to 9 waits.");
    CountDownLatch release = new CountDownLatch(1);
    try (EventBus bus =
        EventBus.builder()
            .queueCapacity(1)
            .backpressure(BackpressurePolicy.failImmediately())
            .build()) {
      bus.subscribe(
          StockCounted.class,
          count -> {
            Console.handler("slow counter", "counting " + count.count() + " slowly");
            awaitQuietly(release);
          });
      bus.publish(new StockCounted("book", 1));
      try {
        bus.publish(new StockCounted("book", 2)).toCompletableFuture().join();
      } catch (CompletionException e) {
        say("-> " + e.getCause());
      }
      release.countDown();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void rejection(EventBus bus) {
    heading("11. Middleware can reject an event: the stage fails, no handler runs");
    say("(sections 11 to 14 share a bus with a blocklist and a circuit breaker as middleware)");
    try (Subscription handler =
        bus.subscribe(OrderPlaced.class, order -> Console.handler("lambda", "got " + order.orderId()))) {
      bus.publish(new OrderPlaced("o-7", "mallory", "book", 1, BigDecimal.TEN))
          .toCompletableFuture()
          .join();
      say("handler " + handler + " was not called");
    } catch (CompletionException e) {
      say("-> " + e.getCause());
    }
  }

  private static void circuitBreaker(EventBus bus, CircuitBreakerMiddleware breaker) {
    heading("12. A circuit breaker opens after 3 failed publications of one event type");
    bus.subscribe(
        StockCounted.class,
        count -> {
          throw new IllegalStateException("warehouse system is down");
        },
        SubscribeOptions.defaults().priority(Priority.IMMEDIATE));
    for (int i = 1; i <= 4; i++) {
      try {
        PublishResult result = bus.publish(new StockCounted("book", i)).toCompletableFuture().join();
        say("count " + i + " -> " + summary(result) + "; circuit " + breaker.state("stock.counted"));
      } catch (CompletionException e) {
        say("count " + i + " -> " + e.getCause().getMessage());
      }
    }
  }

  private static void timeout(EventBus bus) {
    heading("13. An async handler that outlives its timeout fails with a TimeoutException");
    Subscription slow =
        bus.subscribeAsync(
            QuoteRequested.class,
            request -> new CompletableFuture<Void>(),
            SubscribeOptions.defaults().timeout(Duration.ofMillis(100)));
    try {
      PublishResult result =
          bus.publish(new QuoteRequested("book", 1)).toCompletableFuture().join();
      say("-> " + summary(result) + ": " + result.failures().get(0).error());
    } finally {
      slow.close();
    }
  }

  private static void batches(EventBus bus) throws InterruptedException {
    heading("14. A DEFERRED handler takes orders in batches of up to 3");
    bus.subscribeBatch(
        OrderPlaced.class,
        batch ->
            Console.handler(
                "sales report", "batch of " + batch.size() + ": " + batch.stream().map(OrderPlaced::orderId).toList()),
        SubscribeOptions.defaults()
            .priority(Priority.DEFERRED)
            .batch(3, Duration.ofMillis(200)));
    for (int i = 1; i <= 7; i++) {
      bus.publish(new OrderPlaced("b-" + i, "shop", "pen", 1, BigDecimal.ONE));
    }
    bus.drain(Duration.ofSeconds(5));
  }
}
