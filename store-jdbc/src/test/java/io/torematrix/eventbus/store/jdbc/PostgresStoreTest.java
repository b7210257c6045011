package io.torematrix.eventbus.store.jdbc;

import static io.torematrix.eventbus.store.jdbc.Records.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.EventStoreException;
import io.torematrix.eventbus.ExpectedVersion;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.EventStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What is particular to the PostgreSQL store: in-flight transactions, unreachable servers. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PostgresStoreTest {

  @Test
  void aReadNeverSkipsARowOfATransactionStillInFlight() throws Exception {
    PostgresSupport.requireEmptyDatabase();
    try (EventStore store = JdbcEventStores.postgres(PostgresSupport.URL);
        Connection slow = DriverManager.getConnection(PostgresSupport.URL)) {
      store.append(null, ExpectedVersion.any(), List.of(record("first", "t", "{}")));
      slow.setAutoCommit(false);
      try (PreparedStatement insert =
          slow.prepareStatement(
              "INSERT INTO eventbus_events (" + Rows.INSERT_COLUMNS + ") VALUES (" + Rows.placeholders(11) + ")")) {
        Rows.bind(insert, record("slow", "t", "{}"), null, 0, true);
        insert.executeUpdate();
      }
      EventRecord later = store.append(null, ExpectedVersion.any(), List.of(record("later", "t", "{}"))).get(0);

      List<String> whileInFlight = types(store.read(EventQuery.all()));
      assertEquals(List.of("first"), whileInFlight, "the later row waits for the slower, earlier one");

      slow.commit();
      List<EventRecord> afterCommit = store.read(EventQuery.all());
      assertEquals(List.of("first", "slow", "later"), types(afterCommit));
      assertTrue(afterCommit.get(1).position() < later.position());
    }
  }

  private static List<String> types(List<EventRecord> records) {
    return records.stream().map(EventRecord::typeName).toList();
  }

  @Test
  void anUnreachableServerIsReportedClearly() {
    EventStoreException e =
        assertThrows(
            EventStoreException.class,
            () -> JdbcEventStores.postgres("jdbc:postgresql://127.0.0.1:1/test?user=root&connectTimeout=2"));
    assertTrue(
        e.getMessage()
            .startsWith("cannot connect to the event store database at jdbc:postgresql://127.0.0.1:1/test"),
        e.getMessage());
  }

  @Test
  void aUrlOfAnotherDatabaseIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> JdbcEventStores.postgres("jdbc:mysql://x/y"));
    assertEquals(
        "\"jdbc:mysql://x/y\" is not a PostgreSQL JDBC URL: it should start with jdbc:postgresql://",
        e.getMessage());
  }

  @Test
  void whenTheServerGoesAwayAppendsFailClearlyAndNothingIsStored() throws Exception {
    PostgresSupport.requireEmptyDatabase();
    try (EventStore store = JdbcEventStores.postgres(PostgresSupport.URL)) {
      store.append(null, ExpectedVersion.any(), List.of(record("before", "t", "{}")));
      try (Connection admin = DriverManager.getConnection(PostgresSupport.URL);
          Statement statement = admin.createStatement()) {
        statement.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                + " WHERE datname = current_database() AND pid <> pg_backend_pid()");
      }
      EventStoreException e =
          assertThrows(
              EventStoreException.class,
              () -> store.append(null, ExpectedVersion.any(), List.of(record("lost", "t", "{}"))));
      assertTrue(e.getMessage().startsWith("could not append to the event store at "), e.getMessage());

      List<EventRecord> after = store.read(EventQuery.all());
      assertEquals(List.of("before"), types(after), "the store recovers with a new connection");
    }
  }
}
