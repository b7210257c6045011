package io.torematrix.eventbus.bridge.nats.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
 * Both nodes start while NATS is down: the origin's bridge starts anyway and its events wait in its
 * store (the outbox); once NATS comes up, the bridges set up the stream and consumer and every
 * event arrives.
 */
class NatsDownAtStartTest {
  @TempDir Path directory;

  @BeforeEach
  void requireNatsServer() {
    NatsServerRequired.check();
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void eventsPublishedWhileNatsIsDownArriveOnceInOrderWhenItComesUp() throws Exception {
    Received received = new Received();
    try (NatsServerProcess nats = NatsServerProcess.notStarted(directory.resolve("nats"));
        BridgeNode a = BridgeNode.start("node-a", directory.resolve("a.db"), nats.url(), Faults.STREAM,
            bus -> {}, bridge -> bridge.export("orders.>"));
        BridgeNode b = BridgeNode.start("node-b", directory.resolve("b.db"), nats.url(), Faults.STREAM,
            bus -> bus.register(received), bridge -> bridge.importFrom(Faults.ordersImport()))) {
      Faults.publish(a.bus(), "node-a", 1, 300);
      assertFalse(a.bridge().status().connected(), "NATS is down yet");
      assertFalse(a.bridge().status().ready(), "no stream is set up yet");

      nats.start();
      b.awaitStored(Faults.ORDER, 300, Faults.ARRIVAL);
      a.awaitRelayed(Faults.ARRIVAL);

      new Conservation().sent("node-a", a.stored(Faults.ORDER)).assertNothingLostDuplicatedOrReordered(b.stored(Faults.ORDER));
      assertTrue(b.bus().drain(Faults.ARRIVAL), "node-b's handlers finished");
      received.checkHandledOnce(b.stored(Faults.ORDER));
    }
  }
}
