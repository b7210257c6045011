package io.torematrix.eventbus.bridge.nats.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.bridge.nats.NatsStorage;
import io.torematrix.eventbus.bridge.nats.NatsStream;
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
 * The stream and its consumers vanish while both nodes run: a stream in memory storage when NATS
 * restarts. The bridges set them up again, and what was published before and after arrives once,
 * in order.
 */
class StreamLostTest {
  private static final int BEFORE = 50;
  private static final int AFTER = 50;

  @TempDir Path directory;

  @BeforeEach
  void requireNatsServer() {
    NatsServerRequired.check();
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aStreamInMemoryLostWithARestartOfNatsIsSetUpAgainAndEventsFlowOn() throws Exception {
    Received received = new Received();
    NatsStream inMemory =
        NatsStream.named(Faults.STREAM).storage(NatsStorage.MEMORY).duplicateWindow(BridgeNode.DUPLICATE_WINDOW);
    try (NatsServerProcess nats = NatsServerProcess.startNew(directory.resolve("nats"));
        BridgeNode a = BridgeNode.start("node-a", directory.resolve("a.db"), nats.url(), Faults.STREAM,
            bus -> {}, bridge -> bridge.stream(inMemory).export("orders.>"));
        BridgeNode b = BridgeNode.start("node-b", directory.resolve("b.db"), nats.url(), Faults.STREAM,
            bus -> bus.register(received), bridge -> bridge.stream(inMemory).importFrom(Faults.ordersImport()))) {
      Faults.publish(a.bus(), "node-a", 1, BEFORE);
      b.awaitStored(Faults.ORDER, BEFORE, Faults.ARRIVAL);

      nats.stop(); // the stream and the consumers were in memory: gone
      nats.start();
      Faults.publish(a.bus(), "node-a", BEFORE + 1, BEFORE + AFTER);

      b.awaitStored(Faults.ORDER, BEFORE + AFTER, Faults.ARRIVAL);
      a.awaitRelayed(Faults.ARRIVAL);
      new Conservation().sent("node-a", a.stored(Faults.ORDER)).assertNothingLostDuplicatedOrReordered(b.stored(Faults.ORDER));
      assertTrue(b.bus().drain(Faults.ARRIVAL), "node-b's handlers finished");
      received.checkHandledOnce(b.stored(Faults.ORDER));
    }
  }
}
