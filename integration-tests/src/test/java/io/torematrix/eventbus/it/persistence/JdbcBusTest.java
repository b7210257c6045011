package io.torematrix.eventbus.it.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.ExpectedVersion;
import io.torematrix.eventbus.Folded;
import io.torematrix.eventbus.PublishOptions;
import io.torematrix.eventbus.StoredEvent;
import io.torematrix.eventbus.WrongExpectedVersionException;
import io.torematrix.eventbus.store.jdbc.JdbcEventStores;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bus on the JDBC stores: history that outlives the bus, and writers that race. */
class JdbcBusTest {
  @TempDir Path directory;

  @Test
  void historyInASqliteFileOutlivesTheBusAndRebuildsAnEntity() {
    Path file = directory.resolve("history.db");
    try (EventBus first = EventBus.builder().store(JdbcEventStores.sqlite(file)).build()) {
      first.publish(new Counter.Added("c1", 2), PublishOptions.defaults().stream("c1", ExpectedVersion.noStream()))
          .toCompletableFuture()
          .join();
      first.publish(new Counter.Added("c1", 5), PublishOptions.defaults().stream("c1", ExpectedVersion.exactly(1)))
          .toCompletableFuture()
          .join();
    }
    try (EventBus second = EventBus.builder().store(JdbcEventStores.sqlite(file)).build()) {
      List<StoredEvent> history = second.query(EventQuery.all()).toCompletableFuture().join();
      assertEquals(2, history.size());
      assertEquals(new Counter.Added("c1", 5), history.get(1).event());
      Folded<Integer> total =
          second.fold("c1", Counter.class, 0, Counter::apply).toCompletableFuture().join();
      assertEquals(new Folded<>(7, 2), total);
    }
  }

  @Test
  void twoBusesOnOnePostgresDatabaseRaceForAStreamVersionAndOneWins() {
    String url =
        System.getProperty("eventbus.postgresUrl", "jdbc:postgresql://127.0.0.1:5432/test?user=root");
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS eventbus_events, eventbus_schema");
    } catch (SQLException e) {
      if (Boolean.getBoolean("eventbus.requirePostgres")) {
        fail("PostgreSQL is required but not reachable at " + url + ": " + e.getMessage());
      }
      assumeTrue(false, "PostgreSQL not reachable at " + url + "; .ci/run requires it");
    }
    try (EventBus a = EventBus.builder().store(JdbcEventStores.postgres(url)).build();
        EventBus b = EventBus.builder().store(JdbcEventStores.postgres(url)).build()) {
      a.publish(new Counter.Added("shared", 1), PublishOptions.defaults().stream("shared", ExpectedVersion.noStream()))
          .toCompletableFuture()
          .join();
      List<CompletableFuture<?>> attempts = new ArrayList<>();
      for (EventBus bus : List.of(a, b, a, b)) {
        attempts.add(
            CompletableFuture.supplyAsync(
                    () ->
                        bus.publish(
                            new Counter.Added("shared", 10),
                            PublishOptions.defaults().stream("shared", ExpectedVersion.exactly(1))))
                .thenCompose(stage -> stage));
      }
      int won = 0;
      for (CompletableFuture<?> attempt : attempts) {
        try {
          attempt.join();
          won++;
        } catch (CompletionException lost) {
          assertInstanceOf(WrongExpectedVersionException.class, lost.getCause());
        }
      }
      assertEquals(1, won);
      assertEquals(
          new Folded<>(11, 2),
          b.fold("shared", Counter.class, 0, Counter::apply).toCompletableFuture().join());
    }
  }
}
