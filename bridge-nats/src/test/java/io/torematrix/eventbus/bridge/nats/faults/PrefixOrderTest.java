package io.torematrix.eventbus.bridge.nats.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.MessageInfo;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.torematrix.eventbus.bridge.nats.fixture.BridgeNode;
import io.torematrix.eventbus.bridge.nats.fixture.NatsServerProcess;
import io.torematrix.eventbus.bridge.nats.fixture.NatsServerRequired;
import io.torematrix.eventbus.spi.EventRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An import of {@code orders.>} keeps its origin's order across the topics under {@code orders}
 * though the origin published on a topic it does not cover in between: the message before names,
 * as the one before it on any topic, an event the import never sees, so only the chain of the
 * prefix shows the gap.
 */
class PrefixOrderTest {
  @TempDir Path directory;

  @BeforeEach
  void requireNatsServer() {
    NatsServerRequired.check();
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void anEventThatOvertookTheOneBeforeItUnderTheImportsPrefixWaitsForItPastAnUncoveredTopic() throws Exception {
    try (NatsServerProcess nats = NatsServerProcess.startNew(directory.resolve("nats"))) {
      List<EventRecord> sent;
      try (BridgeNode a = BridgeNode.start("node-a", directory.resolve("a.db"), nats.url(), Faults.STREAM,
          bus -> {}, bridge -> bridge.export("orders.>").export("payments.>"))) {
        a.bus().publish(new Orders.Placed("node-a", 1), "orders.a").toCompletableFuture().join();
        a.bus().publish(new Orders.Placed("node-a", 2), "orders.a").toCompletableFuture().join();
        a.bus().publish(new Orders.Placed("node-a", 3), "payments.x").toCompletableFuture().join();
        a.bus().publish(new Orders.Placed("node-a", 4), "orders.b").toCompletableFuture().join();
        a.awaitRelayed(Faults.ARRIVAL);
        sent = a.stored(Faults.ORDER);
      }
      Connection connection = Nats.connect(nats.url());
      try { // 2 is lost and sent again after 4, as jnats does with what it queued before a reconnect
        JetStreamManagement management = connection.jetStreamManagement();
        MessageInfo[] messages = new MessageInfo[4];
        for (int sequence = 1; sequence <= 4; sequence++) {
          messages[sequence - 1] = management.getMessage(Faults.STREAM, sequence);
        }
        management.purgeStream(Faults.STREAM);
        for (int sequence : new int[] {1, 3, 4, 2}) {
          connection.jetStream().publish(copy(messages[sequence - 1]));
        }
      } finally {
        connection.close();
      }
      try (BridgeNode b = BridgeNode.start("node-b", directory.resolve("b.db"), nats.url(), Faults.STREAM,
          bus -> {}, bridge -> bridge.importFrom(Faults.ordersImport()))) {
        b.awaitStored(Faults.ORDER, 3, Faults.ARRIVAL);
        assertEquals(List.of(sent.get(0).eventId(), sent.get(1).eventId(), sent.get(3).eventId()),
            b.stored(Faults.ORDER).stream().map(EventRecord::eventId).toList());
      }
    }
  }

  /** The stored message again, without its message id. */
  private static NatsMessage copy(MessageInfo original) {
    Headers headers = new Headers();
    for (String key : original.getHeaders().keySet()) {
      if (!key.equals("Nats-Msg-Id")) {
        headers.put(key, original.getHeaders().get(key));
      }
    }
    return NatsMessage.builder().subject(original.getSubject()).headers(headers).data(original.getData()).build();
  }
}
