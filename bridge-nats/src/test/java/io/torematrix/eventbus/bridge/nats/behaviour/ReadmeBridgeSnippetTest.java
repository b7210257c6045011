package io.torematrix.eventbus.bridge.nats.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.annotation.Event;
import io.torematrix.eventbus.bridge.nats.NatsBridge;
import io.torematrix.eventbus.bridge.nats.NatsImport;
import io.torematrix.eventbus.bridge.nats.NatsImportStatus;
import io.torematrix.eventbus.bridge.nats.NatsRelayStatus;
import io.torematrix.eventbus.bridge.nats.NatsStream;
import io.torematrix.eventbus.spi.EventStore;
import io.torematrix.eventbus.store.jdbc.JdbcEventStores;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's bridge snippet, run: two nodes on SQLite stores, A exporting, B importing. Its code
 * between the markers is the README's word for word, but for the stream name and prefix, unique
 * here (the server is shared) and {@code "SHOP"} and {@code "shop"} there.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReadmeBridgeSnippetTest {
  private static final String STREAM = NatsSupport.unique("SHOP");
  private static final String PREFIX = NatsSupport.unique("shop");

  @Event(name = "order.placed")
  record OrderPlaced(String orderId, BigDecimal amount) {}

  @TempDir Path dir;

  @Test
  void theSnippetRelaysAnOrderFromNodeAToNodeB() throws Exception {
    Connection nats = NatsSupport.connect();
    PrintStream out = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      // README:start
EventStore storeA = JdbcEventStores.sqlite(dir.resolve("node-a.db"));
EventStore storeB = JdbcEventStores.sqlite(dir.resolve("node-b.db"));
try (EventBus busA = EventBus.builder().store(storeA).build();
    EventBus busB = EventBus.builder().store(storeB).build();
    NatsBridge nodeA = NatsBridge.builder(busA, storeA)          // node A exports its orders
        .server("nats://127.0.0.1:4222")
        .nodeId("node-a")
        .subjectPrefix(PREFIX)                                  // topic t is subject shop.t
        .stream(NatsStream.named(STREAM).duplicateWindow(Duration.ofMinutes(2)))
        .export("orders.>")
        .start();
    NatsBridge nodeB = NatsBridge.builder(busB, storeB)          // node B imports them
        .server("nats://127.0.0.1:4222")
        .nodeId("node-b")
        .subjectPrefix(PREFIX)
        .stream(NatsStream.named(STREAM).duplicateWindow(Duration.ofMinutes(2)))
        .importFrom(NatsImport.of("orders", "orders.>").ackWait(Duration.ofSeconds(30)))
        .start()) {
  CompletableFuture<OrderPlaced> received = new CompletableFuture<>();
  busB.subscribe(OrderPlaced.class, received::complete);
  busA.publish(new OrderPlaced("o-1", new BigDecimal("40.00")), "orders.eu.placed");  // stored, relayed
  System.out.println(received.get(10, TimeUnit.SECONDS));  // OrderPlaced[orderId=o-1, amount=40.00]
  NatsRelayStatus relay = nodeA.status().relay();
  NatsImportStatus orders = nodeB.status().importNamed("orders").orElseThrow();
  System.out.println(relay.published() + " published, " + relay.lag() + " behind; "
      + orders.imported() + " imported, " + orders.pending() + " pending, "
      + orders.parked() + " parked");
}
      // README:end
    } finally {
      System.setOut(out);
      NatsSupport.deleteStream(nats, STREAM);
      nats.close();
    }
    List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals("OrderPlaced[orderId=o-1, amount=40.00]", lines.get(0));
    assertTrue(lines.get(1).matches("[01] published, [01] behind; [01] imported, 0 pending, 0 parked"), lines.get(1));
  }

  @Test
  void theSnippetIsTheReadmes() throws Exception {
    String source = Files.readString(
        Path.of("src/test/java/io/torematrix/eventbus/bridge/nats/behaviour/ReadmeBridgeSnippetTest.java"));
    String ours = source.substring(
            source.indexOf("// README:start\n") + "// README:start\n".length(),
            source.indexOf("      // README:end"))
        .replace("named(STREAM)", "named(\"SHOP\")")
        .replace("subjectPrefix(PREFIX)", "subjectPrefix(\"shop\")");
    String readme = Files.readString(Path.of("../README.md"));
    String marker = "<!-- bridge-nats snippet: bridge-nats/src/test/java/io/torematrix/eventbus/bridge/nats/"
        + "behaviour/ReadmeBridgeSnippetTest.java -->\n```java\n";
    int start = readme.indexOf(marker) + marker.length();
    assertTrue(start >= marker.length(), "the README has the marked snippet");
    assertEquals(readme.substring(start, readme.indexOf("```\n", start)), ours);
  }
}
