package io.torematrix.eventbus.bridge.nats.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.MessageInfo;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.torematrix.eventbus.bridge.nats.NatsHeaders;
import io.torematrix.eventbus.bridge.nats.fixture.BridgeNode;
import io.torematrix.eventbus.bridge.nats.fixture.NatsServerProcess;
import io.torematrix.eventbus.bridge.nats.fixture.NatsServerRequired;
import io.torematrix.eventbus.spi.EventRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An origin's event that the receiver parks (its type is no {@code @Event} there) settles its place
 * in the origin's order on its topic: the next event, which names it as the one published before it,
 * is imported at once rather than waiting for it for a minute.
 */
class ParkedEventOrderTest {
  /** Well below the import's wait for an earlier event (60 s). */
  private static final Duration PROMPTLY = Duration.ofSeconds(20);

  @TempDir Path directory;

  @BeforeEach
  void requireNatsServer() {
    NatsServerRequired.check();
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void theEventAfterAParkedOneOnItsTopicIsImportedWithoutWaiting() throws Exception {
    try (NatsServerProcess nats = NatsServerProcess.startNew(directory.resolve("nats"))) {
      List<EventRecord> sent;
      try (BridgeNode a = BridgeNode.start("node-a", directory.resolve("a.db"), nats.url(), Faults.STREAM,
          bus -> {}, bridge -> bridge.export("orders.>"))) {
        Faults.publish(a.bus(), "node-a", 1, 3);
        a.awaitRelayed(Faults.ARRIVAL);
        sent = a.stored(Faults.ORDER);
      }
      Connection connection = Nats.connect(nats.url());
      try {
        JetStreamManagement management = connection.jetStreamManagement();
        MessageInfo first = management.getMessage(Faults.STREAM, 1);
        MessageInfo second = management.getMessage(Faults.STREAM, 2);
        MessageInfo third = management.getMessage(Faults.STREAM, 3);
        management.purgeStream(Faults.STREAM);
        connection.jetStream().publish(copy(first, null));
        connection.jetStream().publish(copy(second, "nats-faults.only-on-node-a")); // a type B lacks
        connection.jetStream().publish(copy(third, null));
      } finally {
        connection.close();
      }
      try (BridgeNode b = BridgeNode.start("node-b", directory.resolve("b.db"), nats.url(), Faults.STREAM,
          bus -> {}, bridge -> bridge.importFrom(Faults.ordersImport()))) {
        b.awaitStored(Faults.ORDER, 2, PROMPTLY);
        List<EventRecord> stored = b.stored(Faults.ORDER);
        assertEquals(List.of(sent.get(0).eventId(), sent.get(2).eventId()),
            stored.stream().map(EventRecord::eventId).toList());
        assertEquals(1, b.bridge().status().importNamed("orders").orElseThrow().parked());
      }
    }
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void theEventAfterAnUnreadableParkedOneIsImportedWithoutWaitingAfterTheImportRestarts() throws Exception {
    try (NatsServerProcess nats = NatsServerProcess.startNew(directory.resolve("nats"))) {
      List<EventRecord> sent;
      try (BridgeNode a = BridgeNode.start("node-a", directory.resolve("a.db"), nats.url(), Faults.STREAM,
          bus -> {}, bridge -> bridge.export("orders.>"))) {
        Faults.publish(a.bus(), "node-a", 1, 3);
        a.awaitRelayed(Faults.ARRIVAL);
        sent = a.stored(Faults.ORDER);
      }
      Connection connection = Nats.connect(nats.url());
      MessageInfo third;
      try {
        JetStreamManagement management = connection.jetStreamManagement();
        MessageInfo first = management.getMessage(Faults.STREAM, 1);
        MessageInfo second = management.getMessage(Faults.STREAM, 2);
        third = management.getMessage(Faults.STREAM, 3);
        management.purgeStream(Faults.STREAM);
        connection.jetStream().publish(copy(first, null));
        NatsMessage unreadable = copy(second, null);
        unreadable.getHeaders().put(NatsHeaders.TYPE_VERSION, "two"); // parked under the raw header names
        connection.jetStream().publish(unreadable);
      } finally {
        connection.close();
      }
      try (BridgeNode b = BridgeNode.start("node-b", directory.resolve("b.db"), nats.url(), Faults.STREAM,
          bus -> {}, bridge -> bridge.importFrom(Faults.ordersImport()))) {
        b.awaitStored(Faults.ORDER, 1, PROMPTLY);
        BridgeNode.await(() -> b.bridge().status().importNamed("orders").orElseThrow().parked() == 1,
            PROMPTLY, () -> b.bridge().status().toString());
      }
      connection = Nats.connect(nats.url());
      try {
        connection.jetStream().publish(copy(third, null));
      } finally {
        connection.close();
      }
      try (BridgeNode b = BridgeNode.start("node-b", directory.resolve("b.db"), nats.url(), Faults.STREAM,
          bus -> {}, bridge -> bridge.importFrom(Faults.ordersImport()))) {
        b.awaitStored(Faults.ORDER, 2, PROMPTLY);
        assertEquals(List.of(sent.get(0).eventId(), sent.get(2).eventId()),
            b.stored(Faults.ORDER).stream().map(EventRecord::eventId).toList());
      }
    }
  }

  /** The stored message again, without its message id, with another type if {@code type} is given. */
  private static NatsMessage copy(MessageInfo original, String type) {
    Headers headers = new Headers();
    for (String key : original.getHeaders().keySet()) {
      if (!key.equals("Nats-Msg-Id")) {
        headers.put(key, original.getHeaders().get(key));
      }
    }
    if (type != null) {
      headers.put(NatsHeaders.TYPE, type);
    }
    return NatsMessage.builder().subject(original.getSubject()).headers(headers).data(original.getData()).build();
  }
}
