package io.torematrix.eventbus.example.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.annotation.Priority;
import io.torematrix.eventbus.annotation.Subscribe;
import io.torematrix.eventbus.example.spring.orders.OrderShipped;
import io.torematrix.eventbus.example.spring.orders.OrderPlaced;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * Closing the shop's context stops the web server, then delivers every event the bus accepted
 * before the context is gone.
 */
class GracefulShutdownTest {

  /** Archives orders in the background, slowly: only when the test lets it. */
  static final class SlowArchive {
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger archived = new AtomicInteger();

    @Subscribe(priority = Priority.DEFERRED)
    void archive(OrderPlaced order) throws InterruptedException {
      release.await(30, TimeUnit.SECONDS);
      archived.incrementAndGet();
    }
  }

  @Test
  void closingTheContextDeliversEveryAcceptedEventAfterTheWebServerStopped() throws Exception {
    SlowArchive archive = new SlowArchive();
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(ShopApplication.class)
            .initializers(
                c -> ((GenericApplicationContext) c).registerBean(SlowArchive.class, () -> archive))
            .properties("server.port=0")
            .run();
    EventBus bus = context.getBean(EventBus.class);
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    for (int i = 0; i < 5; i++) {
      assertEquals(202, post(http, port, "{\"item\":\"crate\",\"quantity\":" + (i + 1) + "}").statusCode());
    }

    int[] archivedWhenClosed = {-1};
    Thread closer =
        new Thread(
            () -> {
              context.close();
              archivedWhenClosed[0] = archive.archived.get();
            });
    try {
      closer.start();
      awaitIntakeStopped(bus);

      assertTrue(closer.isAlive(), "close waits for the archive's accepted events");
      assertThrows(IOException.class, () -> post(http, port, "{\"item\":\"late\",\"quantity\":1}"));
    } finally {
      archive.release.countDown();
      closer.join(TimeUnit.SECONDS.toMillis(30));
    }

    assertFalse(closer.isAlive());
    assertEquals(5, archivedWhenClosed[0]);
  }

  private static HttpResponse<String> post(HttpClient http, int port, String json)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/orders"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Waits until the bus refuses new events, which close() does before it waits. */
  private static void awaitIntakeStopped(EventBus bus) throws InterruptedException {
    for (int i = 0; i < 3000; i++) {
      try {
        bus.publish(new OrderShipped("probe", "none")); // not archived: does not disturb the count
        Thread.sleep(10);
      } catch (IllegalStateException closed) {
        return;
      }
    }
    throw new AssertionError("the bus kept taking events after close() began");
  }
}
