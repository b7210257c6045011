package io.torematrix.eventbus.it.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.EventStoreException;
import io.torematrix.eventbus.ExpectedVersion;
import io.torematrix.eventbus.Folded;
import io.torematrix.eventbus.PublishOptions;
import io.torematrix.eventbus.StoredEvent;
import io.torematrix.eventbus.WrongExpectedVersionException;
import io.torematrix.eventbus.spi.EventStore;
import io.torematrix.eventbus.store.jdbc.JdbcEventStores;
import io.torematrix.eventbus.store.jdbc.PostgresOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bus on the JDBC stores: history that outlives the bus, and writers that race. */
class JdbcBusTest {
  @TempDir Path directory;

  @Test
  void historyInASqliteFileOutlivesTheBusAndRebuildsAnEntity() {
    Path file = directory.resolve("history.db");
    try (EventBus first = EventBus.builder().store(JdbcEventStores.sqlite(file)).build()) {
      first.publish(new Counter.Added("c1", 2), PublishOptions.defaults().streamId("c1", ExpectedVersion.noStream()))
          .toCompletableFuture()
          .join();
      first.publish(new Counter.Added("c1", 5), PublishOptions.defaults().streamId("c1", ExpectedVersion.exactly(1)))
          .toCompletableFuture()
          .join();
    }
    try (EventBus second = EventBus.builder().store(JdbcEventStores.sqlite(file)).build()) {
      List<StoredEvent> history = second.history().query(EventQuery.all()).toCompletableFuture().join();
      assertEquals(2, history.size());
      assertEquals(new Counter.Added("c1", 5), history.get(1).event());
      Folded<Integer> total =
          second.history().fold("c1", Counter.class, 0, Counter::apply).toCompletableFuture().join();
      assertEquals(new Folded<>(7, 2), total);
    }
  }

  @Test
  void aStreamIdOrHeaderThatCannotBeStoredExactlyIsRefusedAtPublishAndNothingIsStored() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PublishOptions.defaults().streamId("acc-\uD800", ExpectedVersion.any()));
    assertEquals(
        "stream id \"acc-\\uD800\" cannot be stored: it contains an unpaired UTF-16 surrogate (U+D800) at"
            + " index 4, which UTF-8 cannot encode",
        e.getMessage());
    try (EventBus bus = EventBus.builder().store(JdbcEventStores.sqlite(directory.resolve("text.db"))).build()) {
      assertThrows(
          IllegalArgumentException.class,
          () -> bus.publish(new Counter.Added("acc", 1), PublishOptions.defaults().streamId("acc-\uDC00", ExpectedVersion.any())));
      assertThrows(
          IllegalArgumentException.class,
          () -> bus.publish(new Counter.Added("acc", 1), PublishOptions.defaults().header("trace", "a\uD800b")));
      bus.publish(new Counter.Added("acc", 2), PublishOptions.defaults().streamId("acc-\uD83D\uDE00", ExpectedVersion.noStream()))
          .toCompletableFuture()
          .join();
      List<StoredEvent> stored = bus.history().query(EventQuery.all()).toCompletableFuture().join();
      assertEquals(1, stored.size(), "only the event with a storable stream id was stored");
      assertEquals(new Counter.Added("acc", 2), stored.get(0).event());
    }
  }

  private static final String POSTGRES =
      System.getProperty("eventbus.postgresUrl", "jdbc:postgresql://127.0.0.1:5432/test?user=root");

  /** This test's sessions carry this name, so that it kills its own store's sessions only. */
  private static final String VICTIM = "eventbus-it-" + UUID.randomUUID().toString().substring(0, 8);

  /** A schema of this test's own, dropped after it, so that it leaves no rows behind. */
  private final String schema = "eventbus_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

  @AfterEach
  void dropSchema() {
    try (Connection connection = DriverManager.getConnection(POSTGRES);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException unreachable) {
      // the test was skipped, or failed saying so
    }
  }

  private EventStore postgres() {
    return JdbcEventStores.postgres(
        POSTGRES + "&ApplicationName=" + VICTIM, PostgresOptions.defaults().schema(schema));
  }

  /** Runs {@code sql} on the test database; skips (or, where required, fails) without a server. */
  private static void onPostgres(String sql) {
    try (Connection connection = DriverManager.getConnection(POSTGRES);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      if (Boolean.getBoolean("eventbus.requirePostgres")) {
        fail("PostgreSQL is required but not reachable at " + POSTGRES + ": " + e.getMessage());
      }
      assumeTrue(
          false,
          "PostgreSQL not reachable at " + POSTGRES + " (" + e.getMessage() + "): skipping; .ci/run"
              + " requires it");
    }
  }

  /**
   * Asserts that {@code read} returns {@code expected}, reading again for up to 20 s: PostgreSQL
   * shows a committed event once every older transaction of the server (any database) has ended,
   * so a transaction someone else holds open delays it.
   */
  private static <T> void assertEventually(T expected, Supplier<T> read, String message) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    T actual = read.get();
    while (!expected.equals(actual) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      actual = read.get();
    }
    assertEquals(expected, actual, message);
  }

  @Test
  void whenThePostgresConnectionDiesThePublishFailsAndNoHandlerSeesTheEvent() {
    onPostgres("SELECT 1");
    List<Counter.Added> handled = new CopyOnWriteArrayList<>();
    try (EventBus bus = EventBus.builder().store(postgres()).build()) {
      bus.subscribe(Counter.Added.class, handled::add);
      bus.publish(new Counter.Added("c", 1)).toCompletableFuture().join();

      onPostgres(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '" + VICTIM + "'");
      CompletableFuture<?> lost = bus.publish(new Counter.Added("c", 2)).toCompletableFuture();

      CompletionException e = assertThrows(CompletionException.class, lost::join);
      assertInstanceOf(EventStoreException.class, e.getCause());
      assertTrue(
          e.getCause().getMessage().startsWith("could not append to the event store at "),
          e.getCause().getMessage());
      bus.publish(new Counter.Added("c", 3)).toCompletableFuture().join();
      assertEventually(
          List.of(1, 3),
          () ->
              bus.getEvents(Counter.Added.class, a -> true).toCompletableFuture().join().stream()
                  .map(Counter.Added::amount)
                  .toList(),
          "the failed event was not stored; the store reconnected for the next");
    }
    assertEquals(List.of(new Counter.Added("c", 1), new Counter.Added("c", 3)), handled);
  }

  @Test
  void twoBusesOnOnePostgresDatabaseRaceForAStreamVersionAndOneWins() {
    onPostgres("SELECT 1");
    try (EventBus a = EventBus.builder().store(postgres()).build();
        EventBus b = EventBus.builder().store(postgres()).build()) {
      a.publish(new Counter.Added("shared", 1), PublishOptions.defaults().streamId("shared", ExpectedVersion.noStream()))
          .toCompletableFuture()
          .join();
      List<CompletableFuture<?>> attempts = new ArrayList<>();
      for (EventBus bus : List.of(a, b, a, b)) {
        attempts.add(
            CompletableFuture.supplyAsync(
                    () ->
                        bus.publish(
                            new Counter.Added("shared", 10),
                            PublishOptions.defaults().streamId("shared", ExpectedVersion.exactly(1))))
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
      assertEventually(
          new Folded<>(11, 2),
          () -> b.history().fold("shared", Counter.class, 0, Counter::apply).toCompletableFuture().join(),
          "the winner's event is stored");
    }
  }
}
