package io.torematrix.eventbus.store.jdbc;

import static io.torematrix.eventbus.store.jdbc.Records.record;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.Cursor;
import io.torematrix.eventbus.EventStoreException;
import io.torematrix.eventbus.ExpectedVersion;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.EventStore;
import io.torematrix.eventbus.spi.Lease;
import io.torematrix.eventbus.spi.ParkedEvent;
import io.torematrix.eventbus.spi.SubscriptionStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The subscription tables' rows are input: what a store reads back is bounded and checked, and a
 * row that breaks a rule is reported naming it. And what a read-only store may do with them.
 */
class SubscriptionRowsTest {
  @TempDir Path directory;
  Path file;
  EventRecord record;

  @BeforeEach
  void storeWithOneParkedEvent() {
    file = directory.resolve("events.db");
    try (EventStore store = JdbcEventStores.sqlite(file)) {
      record = store.append(null, ExpectedVersion.any(), List.of(record("order.placed", "orders", "{}"))).get(0);
      Lease lease = store.subscriptions().acquire("projection", "node-a", Duration.ofMinutes(5), Cursor.START).orElseThrow();
      store.subscriptions().checkpoint(lease, record.cursor());
      store
          .subscriptions()
          .park(lease, new ParkedEvent("projection", record, "boom", 3, Instant.EPOCH, Instant.EPOCH, ParkedEvent.Status.PARKED));
      store.subscriptions().release(lease);
    }
  }

  private void sql(String statement) throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = connection.createStatement()) {
      s.execute(statement);
    }
  }

  private EventStoreException failure(java.util.function.Function<SubscriptionStore, Object> read) {
    try (EventStore store = JdbcEventStores.sqlite(file)) {
      return assertThrows(EventStoreException.class, () -> read.apply(store.subscriptions()));
    }
  }

  @Test
  void aStoredNameThatIsNoDurableNameIsReportedAsACorruptRow() throws Exception {
    sql("UPDATE eventbus_subscriptions SET name = 'no good'");

    assertEquals(
        "the durable subscription row \"no good\" in eventbus_subscriptions at the SQLite event store "
            + file.toAbsolutePath()
            + " is corrupt: its name is not a durable subscription name: character 3 is ' '; only A-Z, a-z, 0-9,"
            + " '_' and '-' are allowed",
        failure(SubscriptionStore::states).getMessage());
  }

  @Test
  void aHugeStoredNameIsReadOnlyAsFarAsItsLimit() throws Exception {
    sql("UPDATE eventbus_subscriptions SET name = 'n' || replace(hex(zeroblob(500000)), '00', 'nn')");

    String message = failure(SubscriptionStore::states).getMessage();
    assertTrue(message.contains("it has 65 characters; the most is 64"), message);
    assertTrue(message.length() < 400, message);
  }

  @Test
  void aHugeStoredErrorIsReadBackCutToItsLimit() throws Exception {
    sql("UPDATE eventbus_parked SET error = replace(hex(zeroblob(500000)), '00', 'ee')");

    try (EventStore store = JdbcEventStores.sqlite(file)) {
      ParkedEvent parked = store.subscriptions().parked("projection", 10).get(0);
      assertEquals(ParkedEvent.MAX_ERROR_CHARS, parked.error().length());
      assertEquals(record.eventId(), parked.record().eventId());
    }
  }

  @Test
  void anUnknownStatusOrAttemptsBelowOneIsACorruptParkedRow() throws Exception {
    sql("UPDATE eventbus_parked SET status = 'MAYBE'");
    String status = failure(s -> s.parked("projection", 10)).getMessage();
    assertEquals(
        "the parked event row of projection / " + record.eventId() + " in eventbus_parked at the SQLite event store "
            + file.toAbsolutePath() + " is corrupt: its status is \"MAYBE\"",
        status);

    sql("UPDATE eventbus_parked SET status = 'PARKED', attempts = 0");
    String attempts = failure(s -> s.parked("projection", 10)).getMessage();
    assertTrue(attempts.endsWith("is corrupt: a parked event failed at least once, not 0 times"), attempts);
  }

  @Test
  void aStoredOwnerOverItsLimitIsACorruptRow() throws Exception {
    sql("UPDATE eventbus_subscriptions SET owner = replace(hex(zeroblob(200)), '00', 'oo'), lease_expires_at = 1");

    assertTrue(
        failure(SubscriptionStore::states).getMessage().endsWith("is corrupt: its owner is longer than 255 characters"));
  }

  private List<String> filesIn(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aReadOnlyStoreListsAndDecidesOnParkedEventsButTakesNoLease() throws Exception {
    byte[] before = Files.readAllBytes(file);
    try (EventStore reader = JdbcEventStores.sqlite(file, SqliteOptions.defaults().readOnly())) {
      SubscriptionStore subscriptions = reader.subscriptions();
      assertEquals(1, subscriptions.states().get(0).parked());
      assertEquals(record.cursor(), subscriptions.states().get(0).checkpoint());
      assertEquals(record.eventId(), subscriptions.parked("projection", 10).get(0).record().eventId());
      assertArrayEquals(before, Files.readAllBytes(file), "listing changed nothing");
      assertEquals(List.of("events.db"), filesIn(directory));

      EventStoreException refused =
          assertThrows(
              EventStoreException.class,
              () -> subscriptions.acquire("projection", "inspector", Duration.ofMinutes(1), Cursor.START));
      assertEquals(
          "the SQLite event store " + file.toAbsolutePath() + " is open read-only: it cannot take the lease of"
              + " durable subscription \"projection\"",
          refused.getMessage());

      assertTrue(subscriptions.requestRetry("projection", record.eventId()));
      assertEquals(ParkedEvent.Status.RETRY_REQUESTED, subscriptions.parked("projection", 10).get(0).status());
      assertTrue(subscriptions.discard("projection", record.eventId()));
      assertFalse(subscriptions.discard("projection", record.eventId()));
      assertEquals(0, subscriptions.states().get(0).parked());
    }
    assertEquals(List.of("events.db"), filesIn(directory), "no -wal or -shm file is left behind");
    try (EventStore store = JdbcEventStores.sqlite(file)) {
      assertEquals(1, store.subscriptions().states().size(), "only the parked row changed");
      assertEquals(List.of(), store.subscriptions().parked("projection", 10));
    }
  }
}
