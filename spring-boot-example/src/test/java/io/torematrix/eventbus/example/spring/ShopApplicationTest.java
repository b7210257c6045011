package io.torematrix.eventbus.example.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.example.spring.listeners.Billing;
import io.torematrix.eventbus.example.spring.listeners.Notifications;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The shop, started for real on a free port and driven over HTTP. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ShopApplicationTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @LocalServerPort int port;
  @Autowired Billing billing;
  @Autowired Notifications notifications;

  @Test
  void anOrderPostedOverHttpReachesEveryListenerBean() throws Exception {
    HttpResponse<String> response = post("/orders", "{\"item\":\"book\",\"quantity\":2}");

    assertEquals(202, response.statusCode(), response.body());
    JsonNode accepted = JSON.readTree(response.body());
    String orderId = accepted.get("orderId").asString();
    assertEquals(2, accepted.get("delivered").asInt(), "billing and shipping");
    assertEquals(0, accepted.get("failed").asInt());
    assertEquals(2_500, billing.invoices().get(orderId));
    assertTrue(
        notifications.sent().contains("order " + orderId + " is on its way: TRK-" + orderId),
        notifications.sent()::toString);
  }

  @Test
  void theStoreKeepsEveryOrder() throws Exception {
    String orderId = JSON.readTree(post("/orders", "{\"item\":\"pen\",\"quantity\":1}").body())
        .get("orderId").asString();

    JsonNode orders = JSON.readTree(get("/orders").body());

    List<String> ids = new ArrayList<>();
    orders.forEach(order -> ids.add(order.get("orderId").asString()));
    assertTrue(ids.contains(orderId), ids::toString);
  }

  @Test
  void anOrderOfNothingIsRefusedByTheMiddlewareBeanBeforeAnyHandler() throws Exception {
    int invoicesBefore = billing.invoices().size();

    HttpResponse<String> response = post("/orders", "{\"item\":\"air\",\"quantity\":0}");

    assertEquals(400, response.statusCode(), response.body());
    assertEquals(
        "an order needs a quantity of at least 1, not 0",
        JSON.readTree(response.body()).get("error").asString());
    assertEquals(invoicesBefore, billing.invoices().size());
  }

  @Test
  void theEventbusEndpointReportsTheBusFigures() throws Exception {
    post("/orders", "{\"item\":\"lamp\",\"quantity\":1}");

    HttpResponse<String> response = get("/actuator/eventbus");

    assertEquals(200, response.statusCode(), response.body());
    JsonNode bus = JSON.readTree(response.body());
    assertEquals(2, bus.get("lanes").size());
    assertEquals("NORMAL", bus.get("lanes").get(0).get("priority").asString());
    assertEquals(1000, bus.get("lanes").get(0).get("capacity").asInt());
    assertTrue(bus.get("total").get("published").asLong() >= 2);
    JsonNode placed = JSON.readTree(get("/actuator/eventbus/shop.order-placed").body());
    assertEquals("shop.order-placed", placed.get("eventType").asString());
    assertTrue(placed.get("published").asLong() >= 1);
    assertTrue(placed.get("delivered").asLong() >= 2);
    assertTrue(placed.get("handlerTime").has("p99Millis"));
    assertFalse(bus.get("eventTypes").isEmpty());
    assertEquals(404, get("/actuator/eventbus/no.such-type").statusCode());
  }

  @Test
  void healthShowsTheBusUpWithItsQueuesAndStore() throws Exception {
    HttpResponse<String> response = get("/actuator/health");

    assertEquals(200, response.statusCode(), response.body());
    JsonNode eventBus = JSON.readTree(response.body()).get("components").get("eventBus");
    assertEquals("UP", eventBus.get("status").asString());
    assertTrue(eventBus.get("details").get("store").get("reachable").asBoolean());
    assertEquals(1000, eventBus.get("details").get("lanes").get("NORMAL").get("capacity").asInt());
  }

  private HttpResponse<String> post(String path, String json) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }
}
