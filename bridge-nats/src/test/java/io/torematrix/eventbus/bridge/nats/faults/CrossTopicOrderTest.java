package io.torematrix.eventbus.bridge.nats.faults;

import io.torematrix.eventbus.bridge.nats.fixture.BridgeNode;
import io.torematrix.eventbus.bridge.nats.fixture.Conservation;
import io.torematrix.eventbus.bridge.nats.fixture.NatsServerProcess;
import io.torematrix.eventbus.bridge.nats.fixture.NatsServerRequired;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One origin publishes on two topics, in bursts that keep many acknowledgements outstanding, while
 * NATS is killed and started again twice; the receiver imports both topics through one import.
 * Before the relay published again in order after a lost connection, a message of one topic lost
 * with the connection arrived after later messages of the other topic, and the per-topic check of
 * the import did not see it.
 */
class CrossTopicOrderTest {
  private static final int ORDERS = 4_000;

  @TempDir Path directory;

  @BeforeEach
  void requireNatsServer() {
    NatsServerRequired.check();
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void anOriginsOrderAcrossTopicsIsKeptWhenNatsIsKilledWithAcknowledgementsOutstanding() throws Exception {
    try (NatsServerProcess nats = NatsServerProcess.startNew(directory.resolve("nats"));
        BridgeNode a = BridgeNode.start("node-a", directory.resolve("a.db"), nats.url(), Faults.STREAM,
            bus -> {}, bridge -> bridge.export("orders.>").maxOutstandingAcks(2_000));
        BridgeNode b = BridgeNode.start("node-b", directory.resolve("b.db"), nats.url(), Faults.STREAM,
            bus -> {}, bridge -> bridge.importFrom(Faults.ordersImport()))) {
      CompletableFuture<Void> publishing =
          CompletableFuture.runAsync(
              () -> {
                for (int number = 1; number <= ORDERS; number += 200) {
                  List<CompletableFuture<?>> burst = new ArrayList<>();
                  for (int each = number; each < number + 200; each++) {
                    String topic = each % 2 == 0 ? "orders.even" : "orders.odd";
                    burst.add(a.bus().publish(new Orders.Placed("node-a", each), topic).toCompletableFuture());
                  }
                  CompletableFuture.allOf(burst.toArray(CompletableFuture[]::new)).join();
                }
              });
      b.awaitStored(Faults.ORDER, 400, Faults.ARRIVAL);
      nats.kill();
      Thread.sleep(300);
      nats.start();
      b.awaitStored(Faults.ORDER, 2_000, Faults.ARRIVAL);
      nats.kill();
      Thread.sleep(300);
      nats.start();
      publishing.get(2, TimeUnit.MINUTES);

      b.awaitStored(Faults.ORDER, ORDERS, Faults.ARRIVAL);
      a.awaitRelayed(Faults.ARRIVAL);
      new Conservation().sent("node-a", a.stored(Faults.ORDER)).assertNothingLostDuplicatedOrReordered(b.stored(Faults.ORDER));
    }
  }
}
