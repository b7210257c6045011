package io.torematrix.eventbus.bridge.nats.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventStores;
import io.torematrix.eventbus.bridge.nats.NatsBridge;
import io.torematrix.eventbus.bridge.nats.NatsImport;
import io.torematrix.eventbus.bridge.nats.NatsStream;
import io.torematrix.eventbus.spi.EventStore;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bridge's settings, checked before it connects: no NATS server needed. */
class NatsBridgeSettingsTest {
  private final String stream = "SETTINGS";
  private final String prefix = "settings";
  private final EventStore store = EventStores.inMemory();
  private final EventBus bus = EventBus.builder().store(store).shutdownHook(false).build();

  @AfterEach
  void close() {
    bus.close();
  }

  /** A bus and its store. */
  private record Node(EventBus bus, EventStore store) {}

  private Node node() {
    return new Node(bus, store);
  }

  private NatsBridge.Builder bridge(EventBus bus, EventStore store, String node) {
    return NatsBridge.builder(bus, store)
        .nodeId(node)
        .subjectPrefix(prefix)
        .stream(NatsStream.named(stream).duplicateWindow(Duration.ofMinutes(2)));
  }

  @Test
  void exportsOutsideTheStreamsSubjectsAreRefusedAtBuild() {
    Node a = node();

    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> bridge(a.bus(), a.store(), "node-a")
            .stream(NatsStream.named(stream).subjects(prefix + ".orders.>").duplicateWindow(Duration.ofMinutes(2)))
            .export("replies.>")
            .build());

    assertEquals("exported topics \"replies.>\" go to subject \"" + prefix + ".replies.>\", which none of"
        + " stream \"" + stream + "\"'s subjects [" + prefix + ".orders.>] captures: add a subject to the"
        + " stream or change the subject prefix", refused.getMessage());
  }

  @Test
  void namesThatNatsWouldRefuseOrThatComeFromPatternsAreRefused() {
    assertEquals("invalid import name \"orders.>\": character 7 is '.'; only A-Z, a-z, 0-9 and '-' are allowed",
        assertThrows(IllegalArgumentException.class, () -> NatsImport.of("orders.>", "orders.>")).getMessage());
    assertEquals("invalid node id \"node a\": character 5 is ' '; only A-Z, a-z, 0-9 and '-' are allowed",
        assertThrows(IllegalArgumentException.class,
            () -> NatsBridge.builder(bus, store).nodeId("node a")).getMessage());
    assertEquals("invalid NATS stream name \"A.B\": character 2 is '.'; only A-Z, a-z, 0-9, '_' and '-' are allowed",
        assertThrows(IllegalArgumentException.class, () -> NatsStream.named("A.B")).getMessage());
  }

  @Test
  void aStreamWithoutAnExplicitDuplicateWindowIsRefused() {
    Node a = node();

    IllegalStateException refused = assertThrows(IllegalStateException.class,
        () -> bridge(a.bus(), a.store(), "node-a").stream(NatsStream.named(stream)).export("orders.>").build());

    assertTrue(refused.getMessage().startsWith("stream \"" + stream + "\" needs an explicit duplicate window"),
        refused.getMessage());
  }

  @Test
  void aBridgeThatNeitherExportsNorImportsIsRefused() {
    IllegalStateException refused =
        assertThrows(IllegalStateException.class, () -> bridge(bus, store, "node-a").build());

    assertEquals("the bridge neither exports nor imports: call export(...) or importFrom(...)",
        refused.getMessage());
  }

  @Test
  void anImportNameUsedTwiceIsRefused() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> bridge(bus, store, "node-a")
            .importFrom(NatsImport.of("orders", "orders.>"), NatsImport.of("orders", "replies.>")));

    assertEquals("the bridge has an import called \"orders\" already", refused.getMessage());
  }

  @Test
  void aRelayNamedAsAnImportsSubscriptionIsRefused() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> bridge(bus, store, "node-a")
            .relayName("nats-import-orders")
            .export("orders.>")
            .importFrom(NatsImport.of("orders", "replies.>"))
            .build());

    assertEquals("the relay's name \"nats-import-orders\" is import \"orders\"'s subscription in the"
        + " store: the two would share one lease and parked list; choose another relayName",
        refused.getMessage());
  }

  @Test
  void backoffDelaysNeedAMaxDeliverAboveTheirCount() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> NatsImport.of("orders", "orders.>").maxDeliver(2)
            .backoff(Duration.ofSeconds(1), Duration.ofSeconds(2)));

    assertTrue(refused.getMessage().startsWith("import \"orders\" has 2 backoff delays, so its max deliver"),
        refused.getMessage());
  }
}
