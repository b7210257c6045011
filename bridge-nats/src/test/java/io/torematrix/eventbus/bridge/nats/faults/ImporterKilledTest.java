package io.torematrix.eventbus.bridge.nats.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.bridge.nats.fixture.BridgeNode;
import io.torematrix.eventbus.bridge.nats.fixture.ChildJvm;
import io.torematrix.eventbus.bridge.nats.fixture.Conservation;
import io.torematrix.eventbus.bridge.nats.fixture.NatsServerProcess;
import io.torematrix.eventbus.bridge.nats.fixture.NatsServerRequired;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.EventStore;
import io.torematrix.eventbus.store.jdbc.JdbcEventStores;
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
 * The importing node is killed with SIGKILL while it imports, three times, so that messages it
 * appended to its store were not acknowledged yet: NATS delivers them again to the restarted node,
 * which must store each once and keep the origin's order.
 */
class ImporterKilledTest {
  private static final int ORDERS = 3_000;
  private static final int KILLS = 3;

  @TempDir Path directory;

  @BeforeEach
  void requireNatsServer() {
    NatsServerRequired.check();
  }

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void redeliveriesAfterACrashBeforeTheAckAreStoredOnceInOrder() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    Path database = directory.resolve("b.db");
    try (NatsServerProcess nats = NatsServerProcess.startNew(directory.resolve("nats"));
        BridgeNode a = BridgeNode.start("node-a", directory.resolve("a.db"), nats.url(), Faults.STREAM,
            bus -> {}, bridge -> bridge.export("orders.>"))) {
      Faults.publish(a.bus(), "node-a", 1, ORDERS);
      for (int run = 1; run <= KILLS; run++) {
        try (ChildJvm b = importer(database, nats, "kill")) {
          b.awaitLine("READY", Duration.ofSeconds(60));
          Thread.sleep(200 + random.nextInt(800));
          b.kill();
        }
      }
      try (ChildJvm b = importer(database, nats, "finish")) {
        b.awaitLine("DONE", Duration.ofMinutes(3));
        assertEquals(0, b.awaitExit(Duration.ofSeconds(30)));
      }
      a.awaitRelayed(Faults.ARRIVAL);
      List<EventRecord> stored;
      try (EventStore store = JdbcEventStores.sqlite(database)) {
        stored = store.read(EventQuery.all().types(Faults.ORDER));
      }
      new Conservation().sent("node-a", a.stored(Faults.ORDER)).assertNothingLostDuplicatedOrReordered(stored);
      System.out.println("ImporterKilledTest: seed " + seed + ", " + stored.size() + " orders imported once across " + KILLS + " kills");
    }
  }

  private static ChildJvm importer(Path database, NatsServerProcess nats, String mode) {
    return ChildJvm.start("node-b", FaultNode.class, List.of(), "import", database.toString(), nats.url(), "node-b",
        Integer.toString(ORDERS), mode);
  }
}
