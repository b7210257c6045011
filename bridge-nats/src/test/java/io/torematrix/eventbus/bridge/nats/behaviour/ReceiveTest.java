package io.torematrix.eventbus.bridge.nats.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.EventStores;
import io.torematrix.eventbus.bridge.nats.behaviour.Events.OrderPlaced;
import io.torematrix.eventbus.bridge.nats.behaviour.Events.Orders;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.EventStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code EventBus.receive}, which imports call: stored and delivered once, or refused whole. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReceiveTest {
  private static EventRecord record(String type, String json) {
    UUID id = UUID.randomUUID();
    return new EventRecord(0, id, null, 0, type, 1, "orders.placed", Instant.parse("2026-01-02T03:04:05Z"),
        id, null, Map.of("eventbus-origin", "node-x"), json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aReceivedEventIsStoredAndDeliveredOnceWithItsOwnContext() throws Exception {
    EventStore store = EventStores.inMemory();
    try (EventBus bus = EventBus.builder().store(store).shutdownHook(false).build()) {
      Orders orders = new Orders();
      bus.register(orders);
      EventRecord record = record("test.order-placed", "{\"orderId\":\"o-9\",\"amount\":9}");

      assertTrue(bus.receive(record).orElseThrow().toCompletableFuture().get(10, TimeUnit.SECONDS)
          .failures().isEmpty());
      assertTrue(bus.receive(record).isEmpty(), "the second time nothing is stored or delivered");

      assertEquals(1, orders.received.size());
      assertEquals(new OrderPlaced("o-9", 9), orders.received.get(0));
      assertEquals(record.eventId(), orders.contexts.get(0).eventId());
      assertEquals(record.timestamp(), orders.contexts.get(0).timestamp());
      assertEquals("node-x", orders.contexts.get(0).headers().get("eventbus-origin"));
      assertEquals(1, store.read(EventQuery.all()).size());
    }
  }

  @Test
  void aRecordOfATypeNoEventCarriesIsRefusedAndNothingIsStored() {
    EventStore store = EventStores.inMemory();
    try (EventBus bus = EventBus.builder().store(store).shutdownHook(false).build()) {
      EventRecord record = record("test.nobody", "{}");

      IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> bus.receive(record));

      assertEquals("the received event " + record.eventId() + " has type \"test.nobody\", which no @Event type of this application is named: it was renamed or"
          + " removed, or its module is missing from the class path", refused.getMessage());
      assertEquals(0, store.read(EventQuery.all()).size());
    }
  }

  @Test
  void aBusWithoutAStoreCannotReceive() {
    try (EventBus bus = EventBus.builder().shutdownHook(false).build()) {
      IllegalStateException refused =
          assertThrows(IllegalStateException.class, () -> bus.receive(record("test.order-placed", "{}")));
      assertTrue(refused.getMessage().startsWith("the bus has no store"), refused.getMessage());
    }
  }
}
