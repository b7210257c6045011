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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An import restarted (a new bus and bridge on the same store) between an origin's first event
 * and its third, which arrives before the second: the restarted import learns from its store that
 * it imported the first, so the third waits for the second, on the same topic as well as on another
 * topic the import covers.
 */
class RestartedImportOrderTest {
  @TempDir Path directory;

  @BeforeEach
  void requireNatsServer() {
    NatsServerRequired.check();
  }

  @ParameterizedTest(name = "second event on {0}")
  @ValueSource(strings = {"orders.odd", "orders.even"})
  @Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aRestartedImportWaitsForTheEventBeforeOneThatOvertookIt(String secondTopic) throws Exception {
    try (NatsServerProcess nats = NatsServerProcess.startNew(directory.resolve("nats"))) {
      List<EventRecord> sent;
      try (BridgeNode a = BridgeNode.start("node-a", directory.resolve("a.db"), nats.url(), Faults.STREAM,
          bus -> {}, bridge -> bridge.export("orders.>"))) {
        CompletableFuture.allOf(
                a.bus().publish(new Orders.Placed("node-a", 1), "orders.odd").toCompletableFuture(),
                a.bus().publish(new Orders.Placed("node-a", 2), secondTopic).toCompletableFuture(),
                a.bus().publish(new Orders.Placed("node-a", 3), "orders.odd").toCompletableFuture())
            .join();
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
        connection.jetStream().publish(copy(first));
        try (BridgeNode b = start(nats)) {
          b.awaitStored(Faults.ORDER, 1, Faults.ARRIVAL);
        }
        connection.jetStream().publish(copy(third));
        try (BridgeNode b = start(nats)) {
          String consumer = "node-b_orders";
          BridgeNode.await(
              () -> {
                try {
                  return management.getConsumerInfo(Faults.STREAM, consumer).getDelivered().getStreamSequence() >= 5;
                } catch (Exception notYet) {
                  return false;
                }
              },
              Faults.ARRIVAL,
              () -> "the restarted import was handed the third event");
          connection.jetStream().publish(copy(second));
          b.awaitStored(Faults.ORDER, 3, Faults.ARRIVAL);
          assertEquals(sent.stream().map(EventRecord::eventId).toList(),
              b.stored(Faults.ORDER).stream().map(EventRecord::eventId).toList(),
              "the receiving store holds the origin's events in its order");
        }
      } finally {
        connection.close();
      }
    }
  }

  private BridgeNode start(NatsServerProcess nats) {
    return BridgeNode.start("node-b", directory.resolve("b.db"), nats.url(), Faults.STREAM,
        bus -> {}, bridge -> bridge.importFrom(Faults.ordersImport()));
  }

  /** The stored message again, without its message id (the purge keeps the ids in the window). */
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
