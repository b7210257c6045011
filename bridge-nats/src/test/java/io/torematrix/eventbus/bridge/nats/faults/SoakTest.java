package io.torematrix.eventbus.bridge.nats.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.torematrix.eventbus.EventQuery;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak of issue 13's bar: node A publishes {@code eventbus.soakEvents} orders (4,000 by
 * default; the bar is 100,000: {@code -Deventbus.soakEvents=100000}) and relays them, node B
 * imports them, each in a child JVM; during the run each node is killed with SIGKILL and started
 * again three times, and NATS is killed and started once. At the end B's store holds every order
 * A stored: none lost, none twice. Prints the counts, the time and whether A's order was kept.
 */
class SoakTest {
  private static final int EVENTS = Integer.getInteger("eventbus.soakEvents", 4_000);
  private static final Duration STEP = Duration.ofMinutes(10);

  @TempDir Path directory;

  @BeforeEach
  void requireNatsServer() {
    NatsServerRequired.check();
  }

  @Test
  @Timeout(value = 40, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void threeKillsOfEachNodeAndOneOfNatsLoseAndDuplicateNothing() throws Exception {
    long started = System.nanoTime();
    Path databaseA = directory.resolve("a.db");
    Path databaseB = directory.resolve("b.db");
    try (NatsServerProcess nats = NatsServerProcess.startNew(directory.resolve("nats"))) {
      ChildJvm a = relay(databaseA, nats, "kill");
      ChildJvm b = importer(databaseB, nats, "kill");
      try {
        a.awaitLine("READY", STEP);
        b.awaitLine("READY", STEP);
        // the events are published in 8 parts; a kill after each of parts 1 to 6, NATS after part 4
        int part = Math.max(1, EVENTS / 8 / 1000) * 1000;
        for (int cycle = 1; cycle <= 3; cycle++) {
          awaitPublished(a, (2 * cycle - 1) * part);
          a.kill();
          a = relay(databaseA, nats, "kill");
          a.awaitLine("READY", STEP);
          awaitPublished(a, 2 * cycle * part);
          b.kill();
          b = importer(databaseB, nats, "kill");
          b.awaitLine("READY", STEP);
          if (cycle == 2) {
            nats.kill();
            Thread.sleep(500);
            nats.start();
          }
        }
        a.kill();
        b.kill();
        a = relay(databaseA, nats, "finish");
        b = importer(databaseB, nats, "finish");
        a.awaitLine("DONE", STEP);
        b.awaitLine("DONE", STEP);
        assertEquals(0, a.awaitExit(Duration.ofSeconds(60)));
        assertEquals(0, b.awaitExit(Duration.ofSeconds(60)));
      } finally {
        a.close();
        b.close();
      }
    }
    List<EventRecord> sent = read(databaseA);
    List<EventRecord> received = read(databaseB);
    assertEquals(EVENTS, sent.size(), "node A stored every order once");
    Conservation conservation = new Conservation().sent("node-a", sent);
    conservation.checkNoneLostOrDuplicated(received);
    String order;
    try {
      conservation.assertNothingLostDuplicatedOrReordered(received);
      order = "A's order kept";
    } catch (AssertionError broken) {
      order = "A's order NOT kept: " + broken.getMessage();
    }
    System.out.println("SoakTest: " + EVENTS + " events, 3 kills of each node and 1 of NATS: " + received.size()
        + " in B's store, 0 lost, 0 duplicated; " + order + "; " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) + " s");
  }

  /** Waits until node A says it has published {@code count} orders (or all, if fewer), this run or before. */
  private static void awaitPublished(ChildJvm node, int count) throws InterruptedException {
    int goal = Math.min(count, EVENTS);
    node.awaitLineMatching("PUBLISHED " + goal + " or more",
        line -> line.startsWith("PUBLISHED ") && Integer.parseInt(line.substring(10)) >= goal, STEP);
  }

  private static List<EventRecord> read(Path database) {
    try (EventStore store = JdbcEventStores.sqlite(database)) {
      return store.read(EventQuery.all().types(Faults.ORDER));
    }
  }

  private static ChildJvm relay(Path database, NatsServerProcess nats, String mode) {
    return ChildJvm.start("node-a", FaultNode.class, List.of(), "soak-relay", database.toString(), nats.url(),
        "node-a", Integer.toString(EVENTS), mode);
  }

  private static ChildJvm importer(Path database, NatsServerProcess nats, String mode) {
    return ChildJvm.start("node-b", FaultNode.class, List.of(), "import", database.toString(), nats.url(),
        "node-b", Integer.toString(EVENTS), mode);
  }
}
