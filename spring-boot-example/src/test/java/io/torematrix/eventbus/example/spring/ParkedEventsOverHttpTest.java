package io.torematrix.eventbus.example.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.annotation.Retry;
import io.torematrix.eventbus.annotation.Subscribe;
import io.torematrix.eventbus.example.spring.orders.OrderPlaced;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * With the endpoint's write access allowed, an operator retries and discards parked events over
 * HTTP, as the README shows.
 */
class ParkedEventsOverHttpTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** A durable audit whose service is down until the test brings it up: each order parks. */
  static final class FlakyAudit {
    volatile boolean serviceUp;
    final List<String> audited = new CopyOnWriteArrayList<>();

    @Subscribe(durable = "flaky-audit", retry = @Retry(maxAttempts = 1))
    void audit(OrderPlaced order) {
      if (!serviceUp) {
        throw new IllegalStateException("the audit service is unavailable");
      }
      audited.add(order.orderId());
    }
  }

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private int port;

  @Test
  void aParkedOrderIsRetriedAndAnotherDiscardedThroughTheActuator() throws Exception {
    FlakyAudit audit = new FlakyAudit();
    try (ConfigurableApplicationContext shop =
        new SpringApplicationBuilder(ShopApplication.class)
            .initializers(
                c -> ((GenericApplicationContext) c).registerBean(FlakyAudit.class, () -> audit))
            .run("--server.port=0", "--management.endpoint.eventbus.access=unrestricted")) {
      port = ((WebServerApplicationContext) shop).getWebServer().getPort();
      EventBus bus = shop.getBean(EventBus.class);
      String kept = orderId(send("POST", "/orders", "{\"item\":\"book\",\"quantity\":1}"));
      String dropped = orderId(send("POST", "/orders", "{\"item\":\"pen\",\"quantity\":1}"));
      assertTrue(bus.drain(Duration.ofSeconds(10)));
      JsonNode parked = JSON.readTree(send("GET", "/actuator/eventbus/durable/flaky-audit", null).body());
      assertEquals(2, parked.get("subscription").get("parked").asLong(), parked::toString);
      JsonNode first = parked.get("parkedEvents").get(0);
      JsonNode second = parked.get("parkedEvents").get(1);
      assertTrue(
          first.get("error").asString()
              .startsWith("java.lang.IllegalStateException: the audit service is unavailable"));
      audit.serviceUp = true;

      HttpResponse<String> retried =
          send("POST", "/actuator/eventbus/durable/flaky-audit/" + first.get("eventId").asString(), "{}");
      HttpResponse<String> discarded =
          send("DELETE", "/actuator/eventbus/durable/flaky-audit/" + second.get("eventId").asString(), null);

      assertEquals(200, retried.statusCode(), retried.body());
      assertTrue(JSON.readTree(retried.body()).get("applied").asBoolean(), retried.body());
      assertTrue(JSON.readTree(discarded.body()).get("applied").asBoolean(), discarded.body());
      for (int i = 0; i < 500 && audit.audited.isEmpty(); i++) {
        Thread.sleep(20);
      }
      assertEquals(List.of(kept), audit.audited, "the retried order, not the discarded " + dropped);
      assertTrue(bus.drain(Duration.ofSeconds(10)));
      JsonNode after = JSON.readTree(send("GET", "/actuator/eventbus/durable/flaky-audit", null).body());
      assertEquals(0, after.get("subscription").get("parked").asLong(), after::toString);
      assertEquals(0, after.get("subscription").get("lag").asLong(), after::toString);
    }
  }

  private static String orderId(HttpResponse<String> response) {
    assertEquals(202, response.statusCode(), response.body());
    return JSON.readTree(response.body()).get("orderId").asString();
  }

  private HttpResponse<String> send(String method, String path, String json) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10));
    if (json == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
