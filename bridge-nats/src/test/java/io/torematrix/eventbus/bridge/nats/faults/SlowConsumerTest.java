package io.torematrix.eventbus.bridge.nats.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.bridge.nats.NatsImport;
import io.torematrix.eventbus.bridge.nats.fixture.BridgeNode;
import io.torematrix.eventbus.bridge.nats.fixture.Conservation;
import io.torematrix.eventbus.bridge.nats.fixture.NatsServerProcess;
import io.torematrix.eventbus.bridge.nats.fixture.NatsServerRequired;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A slow consumer: the receiver's handler takes 5 ms an event while the origin publishes as fast
 * as it can, and the import's ack wait (1 s) is shorter than a batch of 500 takes to handle, so
 * NATS delivers messages again while the import still works through the batch. Nothing is lost,
 * stored or handled twice, and the origin's order is kept.
 */
class SlowConsumerTest {
  private static final int ORDERS = 1_000;

  @TempDir Path directory;

  @BeforeEach
  void requireNatsServer() {
    NatsServerRequired.check();
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aSlowConsumerFallingBehindItsAckWaitLosesAndDuplicatesNothing() throws Exception {
    Received received = new Received();
    NatsImport slow = NatsImport.of("orders", "orders.>").ackWait(Duration.ofSeconds(1)).batchSize(500);
    try (NatsServerProcess nats = NatsServerProcess.startNew(directory.resolve("nats"));
        BridgeNode a = BridgeNode.start("node-a", directory.resolve("a.db"), nats.url(), Faults.STREAM,
            bus -> {}, bridge -> bridge.export("orders.>"));
        BridgeNode b = BridgeNode.start("node-b", directory.resolve("b.db"), nats.url(), Faults.STREAM,
            bus -> {
              bus.register(received);
              bus.subscribe(Orders.Placed.class, order -> sleep(5));
            },
            bridge -> bridge.importFrom(slow))) {
      Faults.publish(a.bus(), "node-a", 1, ORDERS);
      b.awaitStored(Faults.ORDER, ORDERS, Faults.ARRIVAL);
      BridgeNode.await(() -> received.count() >= ORDERS, Faults.ARRIVAL, () -> "handled " + received.count());
      a.awaitRelayed(Faults.ARRIVAL);
      new Conservation().sent("node-a", a.stored(Faults.ORDER)).assertNothingLostDuplicatedOrReordered(b.stored(Faults.ORDER));
      assertTrue(b.bus().drain(Faults.ARRIVAL), "node-b's handlers finished");
      received.checkHandledOnce(b.stored(Faults.ORDER));
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
