package io.torematrix.eventbus.bridge.nats.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.torematrix.eventbus.bridge.nats.NatsHeaders;
import io.torematrix.eventbus.bridge.nats.NatsImportStatus;
import io.torematrix.eventbus.bridge.nats.fixture.BridgeNode;
import io.torematrix.eventbus.bridge.nats.fixture.Conservation;
import io.torematrix.eventbus.bridge.nats.fixture.NatsServerProcess;
import io.torematrix.eventbus.bridge.nats.fixture.NatsServerRequired;
import io.torematrix.eventbus.spi.ParkedEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Poison messages between good ones: a body the codec cannot read, a type no {@code @Event} of the
 * receiver carries, and a message without headers. Each is parked under the import (never acked
 * away silently), and the good events around them are all imported once, in order.
 */
class PoisonMessageTest {
  private static final int BEFORE = 100;
  private static final int AFTER = 100;

  @TempDir Path directory;

  @BeforeEach
  void requireNatsServer() {
    NatsServerRequired.check();
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void poisonMessagesAreParkedAndTheGoodOnesAroundThemArriveOnceInOrder() throws Exception {
    Received received = new Received();
    try (NatsServerProcess nats = NatsServerProcess.startNew(directory.resolve("nats"));
        BridgeNode a = BridgeNode.start("node-a", directory.resolve("a.db"), nats.url(), Faults.STREAM,
            bus -> {}, bridge -> bridge.export("orders.>"));
        BridgeNode b = BridgeNode.start("node-b", directory.resolve("b.db"), nats.url(), Faults.STREAM,
            bus -> bus.register(received), bridge -> bridge.importFrom(Faults.ordersImport()))) {
      Faults.publish(a.bus(), "node-a", 1, BEFORE);
      a.awaitRelayed(Faults.ARRIVAL);
      Connection connection = Nats.connect(nats.url());
      try {
        connection.jetStream().publish(poison(Faults.ORDER, "{\"origin\": \"node-x\", \"number\": \"not a number\"".getBytes(StandardCharsets.UTF_8)));
        connection.jetStream().publish(poison("nats-faults.never-declared", "{}".getBytes(StandardCharsets.UTF_8)));
        connection.jetStream().publish(NatsMessage.builder().subject("eventbus.orders.placed").data(new byte[] {1, 2, 3}).build());
      } finally {
        connection.close();
      }
      Faults.publish(a.bus(), "node-a", BEFORE + 1, BEFORE + AFTER);

      b.awaitStored(Faults.ORDER, BEFORE + AFTER, Faults.ARRIVAL);
      BridgeNode.await(() -> importStatus(b).parked() == 3, Faults.ARRIVAL, () -> "node-b: " + b.bridge().status());
      new Conservation().sent("node-a", a.stored(Faults.ORDER)).assertNothingLostDuplicatedOrReordered(b.stored(Faults.ORDER));
      assertTrue(b.bus().drain(Faults.ARRIVAL), "node-b's handlers finished");
      received.checkHandledOnce(b.stored(Faults.ORDER));
      List<ParkedEvent> parked = b.bus().durable().parked("nats-import-orders", 10);
      assertEquals(3, parked.size(), "parked: " + parked);
      BridgeNode.await(() -> importStatus(b).pending() == 0, Faults.ARRIVAL, () -> "node-b: " + b.bridge().status());
    }
  }

  private static NatsImportStatus importStatus(BridgeNode node) {
    return node.bridge().status().importNamed("orders").orElseThrow();
  }

  /** A message as another node's relay would send it, with this type and body. */
  private static NatsMessage poison(String type, byte[] body) {
    UUID id = UUID.randomUUID();
    Headers headers = new Headers();
    headers.put("Nats-Msg-Id", id.toString());
    headers.put(NatsHeaders.EVENT_ID, id.toString());
    headers.put(NatsHeaders.TYPE, type);
    headers.put(NatsHeaders.TYPE_VERSION, "1");
    headers.put(NatsHeaders.TOPIC, "orders.placed");
    headers.put(NatsHeaders.TIMESTAMP, Instant.now().toString());
    headers.put(NatsHeaders.CORRELATION_ID, id.toString());
    headers.put(NatsHeaders.ORIGIN, "node-x");
    return NatsMessage.builder().subject("eventbus.orders.placed").headers(headers).data(body).build();
  }
}
