package io.torematrix.eventbus.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventStores;
import io.torematrix.eventbus.ExpectedVersion;
import io.torematrix.eventbus.bridge.nats.NatsBridge;
import io.torematrix.eventbus.bridge.nats.NatsImport;
import io.torematrix.eventbus.bridge.nats.NatsStream;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.EventStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bridge's meters against the real NATS at 127.0.0.1:4222 ({@code -Deventbus.natsUrl}
 * elsewhere; skipped without one unless {@code -Deventbus.requireNats=true}).
 */
class NatsBridgeMetricsBinderTest {
  private static final String URL = System.getProperty("eventbus.natsUrl", "nats://127.0.0.1:4222");

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void relayAndImportFiguresAreMeters() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String stream = "metrics-test-" + suffix;
    Connection connection = connectOrSkip();
    EventStore store = EventStores.inMemory();
    try (EventBus bus = EventBus.builder().store(store).build();
        NatsBridge bridge =
            NatsBridge.builder(bus, store)
                .server(URL)
                .nodeId("metrics-node")
                .subjectPrefix("metrics" + suffix)
                .stream(NatsStream.named(stream).duplicateWindow(Duration.ofMinutes(1)))
                .export("orders.>")
                .importFrom(NatsImport.of("replies", "replies.>"))
                .start()) {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      new NatsBridgeMetricsBinder(bridge, Tags.of("app", "test"), Duration.ZERO).bindTo(registry);
      store.append(null, ExpectedVersion.any(), orders(5));
      System.gc(); // Micrometer holds a meter's state weakly: the registry must keep the binder

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (registry.get("eventbus.nats.relay.messages").tags("outcome", "published").functionCounter().count() < 5) {
        if (System.nanoTime() > deadline) {
          fail("the relay meters did not show 5 published messages: " + bridge.status());
        }
        Thread.sleep(20);
      }
      assertEquals(1, registry.get("eventbus.nats.connected").tags("node", "metrics-node", "app", "test").gauge().value());
      assertEquals(0, registry.get("eventbus.nats.relay.lag").gauge().value());
      assertEquals(0, registry.get("eventbus.nats.relay.outstanding").gauge().value());
      assertEquals(0, registry.get("eventbus.nats.relay.parked").gauge().value());
      assertEquals(0, registry.get("eventbus.nats.relay.messages").tags("outcome", "resent").functionCounter().count());
      assertEquals(0, registry.get("eventbus.nats.import.lag").tags("import", "replies").gauge().value());
      assertEquals(0, registry.get("eventbus.nats.import.parked").tags("import", "replies").gauge().value());
      assertEquals(0, registry.get("eventbus.nats.import.messages").tags("import", "replies", "outcome", "imported")
          .functionCounter().count());
    } finally {
      try {
        connection.jetStreamManagement().deleteStream(stream);
      } catch (JetStreamApiException notCreated) {
        // the bridge did not get as far as creating it: nothing to delete
      }
      connection.close();
    }
  }

  @Test
  void aNegativeRefreshIsRefused() {
    EventStore store = EventStores.inMemory();
    try (EventBus bus = EventBus.builder().store(store).build()) {
      NatsBridge bridge = NatsBridge.builder(bus, store).nodeId("n")
          .stream(NatsStream.named("S").duplicateWindow(Duration.ofMinutes(1))).export("a.>").build();
      IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
          () -> new NatsBridgeMetricsBinder(bridge, Tags.empty(), Duration.ofSeconds(-1)));
      assertEquals("refresh must not be negative: PT-1S", refused.getMessage());
    }
  }

  private static List<EventRecord> orders(int count) {
    List<EventRecord> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      UUID id = UUID.randomUUID();
      records.add(new EventRecord(0, id, null, 0, "test.order", 1, "orders.placed", Instant.now(), id, null, Map.of(),
          ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
    }
    return records;
  }

  private static Connection connectOrSkip() throws InterruptedException {
    try {
      return Nats.connect(new Options.Builder().server(URL).connectionTimeout(Duration.ofSeconds(2)).maxReconnects(0).build());
    } catch (IOException e) {
      String why = "NATS is not reachable at " + URL + " (" + e.getMessage() + ")";
      if (Boolean.getBoolean("eventbus.requireNats")) {
        fail(why + "; it is required (-Deventbus.requireNats=true)");
      }
      assumeTrue(false, why + ": skipping. Start nats-server -js on 127.0.0.1:4222, or pass"
          + " -Deventbus.natsUrl=nats://host:port, to run this test; .ci/run requires it");
      throw new AssertionError("unreachable");
    }
  }
}
