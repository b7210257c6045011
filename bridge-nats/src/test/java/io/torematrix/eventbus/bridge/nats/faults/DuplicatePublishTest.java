package io.torematrix.eventbus.bridge.nats.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.torematrix.eventbus.bridge.nats.fixture.BridgeNode;
import io.torematrix.eventbus.bridge.nats.fixture.Conservation;
import io.torematrix.eventbus.bridge.nats.fixture.NatsServerProcess;
import io.torematrix.eventbus.bridge.nats.fixture.NatsServerRequired;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events published twice to the stream: again with the same message id (within the duplicate
 * window: JetStream drops them) and again without one (as a resend after the window would be:
 * JetStream stores them twice). The receiver stores and handles each event once, in order.
 */
class DuplicatePublishTest {
  private static final int ORDERS = 200;
  private static final int REPUBLISHED = 50;

  @TempDir Path directory;

  @BeforeEach
  void requireNatsServer() {
    NatsServerRequired.check();
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void eventsInTheStreamTwiceAreStoredAndHandledOnce() throws Exception {
    Received received = new Received();
    try (NatsServerProcess nats = NatsServerProcess.startNew(directory.resolve("nats"));
        BridgeNode a = BridgeNode.start("node-a", directory.resolve("a.db"), nats.url(), Faults.STREAM,
            bus -> {}, bridge -> bridge.export("orders.>"))) {
      Faults.publish(a.bus(), "node-a", 1, ORDERS);
      a.awaitRelayed(Faults.ARRIVAL);
      Connection connection = Nats.connect(nats.url());
      try {
        JetStreamManagement management = connection.jetStreamManagement();
        for (long sequence = 1; sequence <= REPUBLISHED; sequence++) {
          MessageInfo original = management.getMessage(Faults.STREAM, sequence);
          PublishAck sameId = connection.jetStream().publish(copy(original, true));
          assertTrue(sameId.isDuplicate(), "JetStream drops a message id it has within its window");
          PublishAck noId = connection.jetStream().publish(copy(original, false));
          assertFalse(noId.isDuplicate(), "without a message id JetStream stores it again");
        }
        assertEquals(ORDERS + REPUBLISHED, management.getStreamInfo(Faults.STREAM).getStreamState().getMsgCount());
      } finally {
        connection.close();
      }

      try (BridgeNode b = BridgeNode.start("node-b", directory.resolve("b.db"), nats.url(), Faults.STREAM,
          bus -> bus.register(received), bridge -> bridge.importFrom(Faults.ordersImport()))) {
        BridgeNode.await(
            () -> b.bridge().status().importNamed("orders").orElseThrow().duplicates() >= REPUBLISHED,
            Faults.ARRIVAL, () -> "node-b: " + b.bridge().status());
        assertEquals(ORDERS, b.stored(Faults.ORDER).size());
        new Conservation().sent("node-a", a.stored(Faults.ORDER)).assertNothingLostDuplicatedOrReordered(b.stored(Faults.ORDER));
        assertTrue(b.bus().drain(Faults.ARRIVAL), "node-b's handlers finished");
        received.checkHandledOnce(b.stored(Faults.ORDER));
        assertEquals(ORDERS, received.count());
      }
    }
  }

  /** The stored message again, with its message id or without. */
  private static NatsMessage copy(MessageInfo original, boolean keepMessageId) {
    Headers headers = new Headers();
    for (String key : original.getHeaders().keySet()) {
      if (keepMessageId || !key.equals("Nats-Msg-Id")) {
        headers.put(key, original.getHeaders().get(key));
      }
    }
    return NatsMessage.builder().subject(original.getSubject()).headers(headers).data(original.getData()).build();
  }
}
