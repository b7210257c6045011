package io.torematrix.eventbus.bridge.nats.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.bridge.nats.fixture.BridgeNode;
import io.torematrix.eventbus.bridge.nats.fixture.Conservation;
import io.torematrix.eventbus.bridge.nats.fixture.NatsServerProcess;
import io.torematrix.eventbus.bridge.nats.fixture.NatsServerRequired;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * NATS goes away while events flow, and comes back on the same port and store: stopped once
 * (SIGTERM) and killed once (SIGKILL) while the origin publishes and the receiver imports. The
 * relay resends what was not acknowledged, the import resumes from its durable consumer.
 */
class NatsRestartTest {
  private static final int ORDERS = 1_500;

  @TempDir Path directory;

  @BeforeEach
  void requireNatsServer() {
    NatsServerRequired.check();
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void eventsFlowingWhileNatsRestartsArriveOnceInOrder() throws Exception {
    Received received = new Received();
    try (NatsServerProcess nats = NatsServerProcess.startNew(directory.resolve("nats"));
        BridgeNode a = BridgeNode.start("node-a", directory.resolve("a.db"), nats.url(), Faults.STREAM,
            bus -> {}, bridge -> bridge.export("orders.>"));
        BridgeNode b = BridgeNode.start("node-b", directory.resolve("b.db"), nats.url(), Faults.STREAM,
            bus -> bus.register(received), bridge -> bridge.importFrom(Faults.ordersImport()))) {
      CompletableFuture<Void> publishing =
          CompletableFuture.runAsync(
              () -> {
                for (int number = 1; number <= ORDERS; number += 10) {
                  Faults.publish(a.bus(), "node-a", number, number + 9);
                  sleep(10);
                }
              });
      b.awaitStored(Faults.ORDER, 200, Faults.ARRIVAL);
      nats.stop();
      Thread.sleep(500);
      nats.start();
      b.awaitStored(Faults.ORDER, 700, Faults.ARRIVAL);
      nats.kill();
      Thread.sleep(500);
      nats.start();
      publishing.get(2, TimeUnit.MINUTES);

      b.awaitStored(Faults.ORDER, ORDERS, Faults.ARRIVAL);
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
      throw new IllegalStateException(e);
    }
  }
}
