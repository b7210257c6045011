package io.torematrix.eventbus.example.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.EventBus;
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
  @Autowired EventBus bus;

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
  void theDurableSalesLedgerEntersEveryOrderOnce() throws Exception {
    String orderId = JSON.readTree(post("/orders", "{\"item\":\"mug\",\"quantity\":3}").body())
        .get("orderId").asString();
    assertTrue(bus.drain(Duration.ofSeconds(10)));

    JsonNode sales = JSON.readTree(get("/sales").body());

    List<JsonNode> mine = new ArrayList<>();
    sales.forEach(sale -> {
      if (sale.get("orderId").asString().equals(orderId)) {
        mine.add(sale);
      }
    });
    assertEquals(1, mine.size(), sales::toString);
    assertEquals(3, mine.get(0).get("quantity").asInt());
    assertEquals(1, mine.get(0).get("deliveries").asInt());
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
  void theEventbusEndpointReportsTheDurableLedgerWithItsLagAndParkedEvents() throws Exception {
    post("/orders", "{\"item\":\"desk\",\"quantity\":1}");
    assertTrue(bus.drain(Duration.ofSeconds(10)));

    JsonNode endpoint = JSON.readTree(get("/actuator/eventbus").body());
    JsonNode durable = endpoint.get("durableSubscriptions");
    assertFalse(endpoint.has("durableSubscriptionsError"), "the store was read");

    assertEquals(1, durable.size(), durable::toString);
    JsonNode ledger = durable.get(0);
    assertEquals("sales-ledger", ledger.get("name").asString());
    assertEquals(0, ledger.get("lag").asLong());
    assertEquals(0, ledger.get("parked").asLong());
    assertTrue(ledger.get("runningHere").asBoolean());
    assertTrue(ledger.get("owner").isString());
    HttpResponse<String> details = get("/actuator/eventbus/durable/sales-ledger");
    assertEquals(200, details.statusCode(), details.body());
    JsonNode body = JSON.readTree(details.body());
    assertEquals("sales-ledger", body.get("subscription").get("name").asString());
    assertTrue(body.get("parkedEvents").isEmpty());
    assertEquals(404, get("/actuator/eventbus/durable/no-such-subscription").statusCode());
  }

  @Test
  void retryingOrDiscardingAParkedEventIsOffUnlessAllowed() throws Exception {
    String path = "/actuator/eventbus/durable/sales-ledger/" + java.util.UUID.randomUUID();

    HttpResponse<String> retry = post(path, "{}");
    HttpResponse<String> discard =
        http.send(
            HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).DELETE().build(),
            HttpResponse.BodyHandlers.ofString());

    assertEquals(404, retry.statusCode(), retry.body());
    assertEquals(404, discard.statusCode(), discard.body());
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
