package io.torematrix.eventbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.torematrix.eventbus.Cursor;
import io.torematrix.eventbus.ExpectedVersion;
import io.torematrix.eventbus.cli.EventInspectorTest.Run;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.EventStore;
import io.torematrix.eventbus.spi.Lease;
import io.torematrix.eventbus.spi.ParkedEvent;
import io.torematrix.eventbus.store.jdbc.JdbcEventStores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bridge}: the relay and imports a NATS bridge keeps in the store, and its consumers in NATS. */
class BridgeCommandTest {
  private static final String NATS = System.getProperty("eventbus.natsUrl", "nats://127.0.0.1:4222");

  @TempDir Path directory;
  Path file;
  List<EventRecord> stored;

  @BeforeEach
  void storeWithABridge() {
    file = directory.resolve("events.db");
    try (EventStore store = JdbcEventStores.sqlite(file)) {
      stored = store.append(null, ExpectedVersion.any(), EventInspectorTest.FLOW_EVENTS);
      Lease relay = store.subscriptions().acquire("nats-relay", "node-a", Duration.ofMinutes(5), Cursor.START).orElseThrow();
      store.subscriptions().checkpoint(relay, stored.get(0).cursor());
      Lease orders = store.subscriptions().acquire("nats-import-orders", "node-a", Duration.ofMinutes(5), Cursor.START)
          .orElseThrow();
      store.subscriptions().park(
          orders, new ParkedEvent("nats-import-orders", stored.get(2), "undecodable", 1, Instant.EPOCH, Instant.EPOCH,
              ParkedEvent.Status.PARKED));
      store.subscriptions().acquire("mailer", "node-a", Duration.ofMinutes(5), Cursor.START).orElseThrow();
    }
  }

  @Test
  void bridgeShowsTheRelaysCheckpointAndLagAndTheImportsParkedMessages() {
    Run run = EventInspectorTest.inspect("bridge", "--sqlite", file.toString());

    assertEquals(0, run.code(), run.err());
    List<String> lines = run.out().lines().toList();
    assertEquals(4, lines.size(), run.out());
    assertTrue(lines.get(0).startsWith("PART    SUBSCRIPTION"), run.out());
    assertTrue(lines.stream().anyMatch(l -> l.matches("import  nats-import-orders +- +- +1  node-a .*")), run.out());
    assertTrue(
        lines.stream().anyMatch(l -> l.matches("relay   nats-relay +" + stored.get(0).cursor() + " +3 +0  node-a .*")),
        run.out());
    assertTrue(lines.stream().noneMatch(l -> l.contains("mailer")), "not a bridge's: " + run.out());
    assertEquals("(2 bridge parts in the store; an import's lag is in NATS: add --nats URL --stream NAME)", lines.get(3));
  }

  @Test
  void natsWithoutAStreamIsAWrongArgument() {
    Run run = EventInspectorTest.inspect("bridge", "--sqlite", file.toString(), "--nats", NATS);

    assertEquals(2, run.code(), run.out());
    assertTrue(run.err().startsWith("error: --nats and --stream go together"), run.err());
  }

  @Test
  void aStreamNameNatsCannotTakeIsAWrongArgumentNotATimeout() {
    Run run = EventInspectorTest.inspect("bridge", "--sqlite", file.toString(), "--nats", NATS, "--stream", "SHOP.EU");

    assertEquals(2, run.code(), run.out());
    assertEquals("error: --stream \"SHOP.EU\" is not a NATS stream name: 1 to 64 characters of A-Z, a-z, 0-9,"
        + " '_' and '-'", run.err().strip());
  }

  @Test
  void withNatsBridgeShowsTheStreamAndEachConsumersPendingMessages() throws Exception {
    Connection connection = connectOrSkip();
    String stream = "cli-bridge-" + UUID.randomUUID().toString().substring(0, 8);
    try {
      JetStreamManagement management = connection.jetStreamManagement();
      management.addStream(StreamConfiguration.builder().name(stream).subjects(stream + ".>")
          .storageType(StorageType.Memory).build());
      management.addOrUpdateConsumer(stream, ConsumerConfiguration.builder().durable("node-b_orders")
          .filterSubject(stream + ".orders.>").ackPolicy(AckPolicy.Explicit).build());
      for (int i = 0; i < 3; i++) {
        connection.jetStream().publish(stream + ".orders.placed", ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
      }

      Run run = EventInspectorTest.inspect("bridge", "--sqlite", file.toString(), "--nats", NATS, "--stream", stream);

      assertEquals(0, run.code(), run.err());
      assertTrue(run.out().contains("stream " + stream + ": 3 messages, sequences 1 to 3"), run.out());
      assertTrue(run.out().matches("(?s).*\nnode-b_orders +" + stream + "\\.orders\\.> +3 +0 +0\n.*"), run.out());
      assertTrue(run.out().endsWith("(1 consumer)\n"), run.out());
    } finally {
      try {
        connection.jetStreamManagement().deleteStream(stream);
      } finally {
        connection.close();
      }
    }
  }

  private static Connection connectOrSkip() throws InterruptedException {
    try {
      return Nats.connect(new Options.Builder().server(NATS).connectionTimeout(Duration.ofSeconds(2)).noReconnect().build());
    } catch (IOException e) {
      String why = "NATS is not reachable at " + NATS + " (" + e.getMessage() + ")";
      if (Boolean.getBoolean("eventbus.requireNats")) {
        throw new AssertionError(why + "; it is required (-Deventbus.requireNats=true)", e);
      }
      assumeTrue(false, why + ": skipping. Start nats-server -js on 127.0.0.1:4222, or pass"
          + " -Deventbus.natsUrl=nats://host:port, to run this test; .ci/run requires it");
      throw new AssertionError("unreachable");
    }
  }
}
