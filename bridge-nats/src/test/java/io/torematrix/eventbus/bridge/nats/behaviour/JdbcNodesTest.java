package io.torematrix.eventbus.bridge.nats.behaviour;

import static io.torematrix.eventbus.bridge.nats.behaviour.NatsSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nats.client.Connection;
import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.bridge.nats.NatsBridge;
import io.torematrix.eventbus.bridge.nats.NatsImport;
import io.torematrix.eventbus.bridge.nats.NatsStream;
import io.torematrix.eventbus.bridge.nats.behaviour.Events.OrderPlaced;
import io.torematrix.eventbus.bridge.nats.behaviour.Events.Orders;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.EventStore;
import io.torematrix.eventbus.store.jdbc.JdbcEventStores;
import io.torematrix.eventbus.store.jdbc.PostgresOptions;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge between nodes on the JDBC stores: a relay reading PostgreSQL by (transaction,
 * position) cursors, imports appending to PostgreSQL and SQLite. PostgreSQL is the server of {@code
 * -Deventbus.postgresUrl} (required with {@code -Deventbus.requirePostgres=true}), each store in a
 * schema of its own, dropped afterwards.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class JdbcNodesTest {
  private static final String POSTGRES_URL =
      System.getProperty("eventbus.postgresUrl", "jdbc:postgresql://127.0.0.1:5432/test?user=root");
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void eventsPublishedConcurrentlyOnAPostgresNodeReachAPostgresAndASqliteNodeOnceEachInOrder()
      throws Exception {
    Connection nats = NatsSupport.connect();
    requirePostgres();
    String stream = NatsSupport.unique("JDBC");
    String prefix = NatsSupport.unique("j");
    String schemaA = NatsSupport.unique("bridge_a_").toLowerCase();
    String schemaB = NatsSupport.unique("bridge_b_").toLowerCase();
    List<AutoCloseable> open = new ArrayList<>();
    try {
      EventStore storeA = JdbcEventStores.postgres(POSTGRES_URL, PostgresOptions.defaults().schema(schemaA));
      EventBus busA = EventBus.builder().store(storeA).shutdownHook(false).build();
      open.add(busA);
      EventStore storeB = JdbcEventStores.postgres(POSTGRES_URL, PostgresOptions.defaults().schema(schemaB));
      EventBus busB = EventBus.builder().store(storeB).shutdownHook(false).build();
      open.add(busB);
      EventStore storeC = JdbcEventStores.sqlite(dir.resolve("node-c.db"));
      EventBus busC = EventBus.builder().store(storeC).shutdownHook(false).build();
      open.add(busC);
      Orders ordersB = new Orders();
      busB.register(ordersB);
      Orders ordersC = new Orders();
      busC.register(ordersC);
      NatsStream shared = NatsStream.named(stream).duplicateWindow(Duration.ofMinutes(2));
      open.add(NatsBridge.builder(busA, storeA).server(NatsSupport.URL).nodeId("node-a").subjectPrefix(prefix)
          .stream(shared).export("orders.>").maxOutstandingAcks(16).start());
      open.add(NatsBridge.builder(busB, storeB).server(NatsSupport.URL).nodeId("node-b").subjectPrefix(prefix)
          .stream(shared).importFrom(NatsImport.of("orders", "orders.>").batchSize(7)).start());
      open.add(NatsBridge.builder(busC, storeC).server(NatsSupport.URL).nodeId("node-c").subjectPrefix(prefix)
          .stream(shared).importFrom(NatsImport.of("orders", "orders.>")).start());

      int publishers = 4;
      int each = 50;
      List<Thread> threads = new ArrayList<>();
      for (int p = 0; p < publishers; p++) {
        int publisher = p;
        threads.add(new Thread(() -> {
          for (int i = 0; i < each; i++) {
            busA.publish(new OrderPlaced(publisher + "-" + i, i), "orders.placed").toCompletableFuture().join();
          }
        }));
      }
      threads.forEach(Thread::start);
      for (Thread thread : threads) {
        thread.join();
      }

      int total = publishers * each;
      await("B and C have every event", WAIT,
          () -> ordersB.received.size() >= total && ordersC.received.size() >= total);
      assertTrue(busB.drain(WAIT) && busC.drain(WAIT), "B's and C's handlers are done");
      List<EventRecord> sent = storeA.read(EventQuery.all().limit(total + 1));
      assertEquals(total, sent.size());
      for (EventStore store : List.of(storeB, storeC)) {
        List<EventRecord> imported = store.read(EventQuery.all().limit(total + 1));
        assertEquals(sent.stream().map(EventRecord::eventId).toList(),
            imported.stream().map(EventRecord::eventId).toList(),
            "each stored once, in A's store order");
      }
      assertEquals(total, ordersB.received.size(), "handled once on B");
      assertEquals(total, ordersC.received.size(), "handled once on C");
    } finally {
      for (int i = open.size() - 1; i >= 0; i--) {
        open.get(i).close();
      }
      NatsSupport.deleteStream(nats, stream);
      nats.close();
      dropSchema(schemaA);
      dropSchema(schemaB);
    }
  }

  private static void requirePostgres() {
    try (java.sql.Connection connection = DriverManager.getConnection(POSTGRES_URL)) {
      connection.isValid(5);
    } catch (SQLException e) {
      String why = "PostgreSQL is not reachable at " + POSTGRES_URL + " (" + e.getMessage() + ")";
      if (Boolean.getBoolean("eventbus.requirePostgres")) {
        fail(why + "; it is required here (-Deventbus.requirePostgres=true)");
      }
      assumeTrue(false, why + ": skipping. Start PostgreSQL with a database 'test' (or pass"
          + " -Deventbus.postgresUrl=jdbc:postgresql://...) to run this test; .ci/run requires it.");
    }
  }

  private static void dropSchema(String schema) throws SQLException {
    try (java.sql.Connection connection = DriverManager.getConnection(POSTGRES_URL);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }
}
