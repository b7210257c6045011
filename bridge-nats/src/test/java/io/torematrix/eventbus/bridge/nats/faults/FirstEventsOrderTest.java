package io.torematrix.eventbus.bridge.nats.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.PurgeOptions;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamConfiguration;
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
 * The very first events of an origin an import sees keep their order too: an import that had
 * settled nothing of an origin used to import a message naming an earlier event it had not seen
 * at once (it could not tell "that one is still to come" from "that one aged out of the stream"),
 * so an origin's first event lost with a connection and sent again after the second was stored
 * after it. While the import's consumer reads from the stream's start and the stream lost no
 * message, the earlier one cannot have aged out or been acknowledged before, and the import waits
 * for it; otherwise it does not wait.
 */
class FirstEventsOrderTest {
  @TempDir Path directory;

  @BeforeEach
  void requireNatsServer() {
    NatsServerRequired.check();
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void anOriginsFirstEventSentAgainAfterItsSecondIsStillImportedFirst() throws Exception {
    try (NatsServerProcess nats = NatsServerProcess.startNew(directory.resolve("nats"))) {
      List<EventRecord> sent = relayThree(nats);
      Connection connection = Nats.connect(nats.url());
      try { // 1 is lost with the connection and sent again after 2, as jnats does with what it had queued
        JetStreamManagement management = connection.jetStreamManagement();
        MessageInfo[] messages = messages(management, 3);
        StreamConfiguration config = management.getStreamInfo(Faults.STREAM).getConfiguration();
        management.deleteStream(Faults.STREAM); // a stream as new, which has lost nothing
        management.addStream(config);
        for (int sequence : new int[] {2, 1, 3}) {
          connection.jetStream().publish(copy(messages[sequence - 1]));
        }
      } finally {
        connection.close();
      }
      try (BridgeNode b = BridgeNode.start("node-b", directory.resolve("b.db"), nats.url(), Faults.STREAM,
          bus -> {}, bridge -> bridge.importFrom(Faults.ordersImport()))) {
        b.awaitStored(Faults.ORDER, 3, Faults.ARRIVAL);
        assertEquals(sent.stream().map(EventRecord::eventId).toList(),
            b.stored(Faults.ORDER).stream().map(EventRecord::eventId).toList());
      }
    }
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void anOriginsFirstMessageNamingAnEventTheStreamNoLongerHoldsIsImportedWithoutWaiting() throws Exception {
    try (NatsServerProcess nats = NatsServerProcess.startNew(directory.resolve("nats"))) {
      List<EventRecord> sent = relayThree(nats);
      Connection connection = Nats.connect(nats.url());
      try { // 1 aged out: the stream starts at 2, which names 1 as the one before it
        connection.jetStreamManagement().purgeStream(Faults.STREAM, PurgeOptions.builder().sequence(2).build());
      } finally {
        connection.close();
      }
      long start = System.nanoTime();
      try (BridgeNode b = BridgeNode.start("node-b", directory.resolve("b.db"), nats.url(), Faults.STREAM,
          bus -> {}, bridge -> bridge.importFrom(Faults.ordersImport()))) {
        b.awaitStored(Faults.ORDER, 2, Faults.ARRIVAL);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertEquals(List.of(sent.get(1).eventId(), sent.get(2).eventId()),
            b.stored(Faults.ORDER).stream().map(EventRecord::eventId).toList());
        assertTrue(seconds < 30, "imported in " + seconds + " s: it did not wait for the order wait of 60 s");
      }
    }
  }

  /**
   * Node B's store is replaced (a new disk, a restore) but keeps its node id, and its consumer in
   * NATS its ack floor: the next order names one that consumer acknowledged before and will not
   * deliver again. Found by review: B waited 60 s for it, since the stream had lost nothing; the
   * import waits for an origin it never saw only when its consumer reads from the stream's start.
   */
  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aReceiverWithANewStoreAndAConsumerThatAcknowledgedBeforeDoesNotWait() throws Exception {
    try (NatsServerProcess nats = NatsServerProcess.startNew(directory.resolve("nats"));
        BridgeNode a = BridgeNode.start("node-a", directory.resolve("a.db"), nats.url(), Faults.STREAM,
            bus -> {}, bridge -> bridge.export("orders.>"))) {
      Faults.publish(a.bus(), "node-a", 1, 3);
      a.awaitRelayed(Faults.ARRIVAL);
      try (BridgeNode b = BridgeNode.start("node-b", directory.resolve("b1.db"), nats.url(), Faults.STREAM,
          bus -> {}, bridge -> bridge.importFrom(Faults.ordersImport()))) {
        b.awaitStored(Faults.ORDER, 3, Faults.ARRIVAL);
      }
      try (BridgeNode b = BridgeNode.start("node-b", directory.resolve("b2.db"), nats.url(), Faults.STREAM,
          bus -> {}, bridge -> bridge.importFrom(Faults.ordersImport()))) {
        long start = System.nanoTime();
        Faults.publish(a.bus(), "node-a", 4, 6);
        b.awaitStored(Faults.ORDER, 3, Faults.ARRIVAL);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertEquals(a.stored(Faults.ORDER).subList(3, 6).stream().map(EventRecord::eventId).toList(),
            b.stored(Faults.ORDER).stream().map(EventRecord::eventId).toList());
        assertTrue(seconds < 30, "imported in " + seconds + " s: it did not wait for the order wait of 60 s");
      }
    }
  }

  /** Node A publishes three orders on one topic and relays them; what its store holds. */
  private List<EventRecord> relayThree(NatsServerProcess nats) throws Exception {
    try (BridgeNode a = BridgeNode.start("node-a", directory.resolve("a.db"), nats.url(), Faults.STREAM,
        bus -> {}, bridge -> bridge.export("orders.>"))) {
      Faults.publish(a.bus(), "node-a", 1, 3);
      a.awaitRelayed(Faults.ARRIVAL);
      return a.stored(Faults.ORDER);
    }
  }

  private static MessageInfo[] messages(JetStreamManagement management, int count) throws Exception {
    MessageInfo[] messages = new MessageInfo[count];
    for (int sequence = 1; sequence <= count; sequence++) {
      messages[sequence - 1] = management.getMessage(Faults.STREAM, sequence);
    }
    return messages;
  }

  /** The stored message again, headers, subject and body. */
  private static NatsMessage copy(MessageInfo original) {
    return NatsMessage.builder()
        .subject(original.getSubject())
        .headers(original.getHeaders())
        .data(original.getData())
        .build();
  }
}
