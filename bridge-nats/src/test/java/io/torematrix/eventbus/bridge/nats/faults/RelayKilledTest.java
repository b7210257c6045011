package io.torematrix.eventbus.bridge.nats.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.torematrix.eventbus.bridge.nats.fixture.BridgeNode;
import io.torematrix.eventbus.bridge.nats.fixture.ChildJvm;
import io.torematrix.eventbus.bridge.nats.fixture.Conservation;
import io.torematrix.eventbus.bridge.nats.fixture.NatsServerProcess;
import io.torematrix.eventbus.bridge.nats.fixture.NatsServerRequired;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.store.jdbc.JdbcEventStores;
import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.spi.EventStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relaying node is killed with SIGKILL while it publishes and relays, three times, at random
 * points; started again each time, its relay resumes from its checkpoint and resends what was not
 * acknowledged (JetStream drops what it has, the importer drops what its store has). The receiver
 * ends with every event the origin stored, once each, in the origin's order.
 */
class RelayKilledTest {
  private static final int PER_RUN = 600;
  private static final int KILLS = 3;

  @TempDir Path directory;

  @BeforeEach
  void requireNatsServer() {
    NatsServerRequired.check();
  }

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aRelayKilledMidBatchLosesAndDuplicatesNothing() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    Path database = directory.resolve("a.db");
    Received received = new Received();
    try (NatsServerProcess nats = NatsServerProcess.startNew(directory.resolve("nats"));
        BridgeNode b = BridgeNode.start("node-b", directory.resolve("b.db"), nats.url(), Faults.STREAM,
            bus -> bus.register(received), bridge -> bridge.importFrom(Faults.ordersImport()))) {
      int next = 1;
      for (int run = 1; run <= KILLS; run++) {
        try (ChildJvm a = relay(database, nats, next, next + PER_RUN - 1, "kill")) {
          a.awaitLine("READY", Duration.ofSeconds(60));
          Thread.sleep(300 + random.nextInt(1500));
          a.kill();
        }
        next += PER_RUN;
      }
      try (ChildJvm a = relay(database, nats, next, next + PER_RUN - 1, "finish")) {
        a.awaitLine("DONE", Duration.ofMinutes(3));
        assertEquals(0, a.awaitExit(Duration.ofSeconds(30)));
      }
      List<EventRecord> sent;
      try (EventStore store = JdbcEventStores.sqlite(database)) {
        sent = store.read(EventQuery.all().types(Faults.ORDER));
      }
      b.awaitStored(Faults.ORDER, sent.size(), Faults.ARRIVAL);
      new Conservation().sent("node-a", sent).assertNothingLostDuplicatedOrReordered(b.stored(Faults.ORDER));
      assertTrue(b.bus().drain(Faults.ARRIVAL), "node-b's handlers finished");
      received.checkHandledOnce(b.stored(Faults.ORDER));
      System.out.println("RelayKilledTest: seed " + seed + ", " + sent.size() + " orders stored on node-a and imported once");
    }
  }

  private static ChildJvm relay(Path database, NatsServerProcess nats, int from, int to, String mode) {
    return ChildJvm.start("node-a", FaultNode.class, List.of(), "relay", database.toString(), nats.url(), "node-a",
        Integer.toString(from), Integer.toString(to), mode);
  }
}
