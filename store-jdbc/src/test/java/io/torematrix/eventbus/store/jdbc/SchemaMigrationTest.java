package io.torematrix.eventbus.store.jdbc;

import static io.torematrix.eventbus.store.jdbc.Records.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.Cursor;
import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.ExpectedVersion;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.EventStore;
import io.torematrix.eventbus.spi.Lease;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database written by schema version 1 (the events only) is migrated to version 2 when a
 * writable store opens it: every event reads back as it was, appends go on after it, and durable
 * subscriptions work. The version-1 DDL below is the text release 1 ran, kept here so that a change
 * to the migrations cannot change what this test starts from.
 */
class SchemaMigrationTest {
  @TempDir Path directory;

  static final List<String> SQLITE_V1 =
      List.of(
          "CREATE TABLE IF NOT EXISTS eventbus_schema (version INTEGER NOT NULL)",
          "CREATE TABLE eventbus_events ( position INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL UNIQUE,"
              + " stream_id TEXT, stream_version INTEGER NOT NULL DEFAULT 0, type_name TEXT NOT NULL, type_version"
              + " INTEGER NOT NULL, topic TEXT NOT NULL, ts INTEGER NOT NULL, correlation_id TEXT NOT NULL,"
              + " causation_id TEXT, headers TEXT NOT NULL, payload BLOB NOT NULL, UNIQUE (stream_id, stream_version))",
          "CREATE INDEX eventbus_events_type ON eventbus_events (type_name, position)",
          "CREATE INDEX eventbus_events_ts ON eventbus_events (ts)",
          "CREATE INDEX eventbus_events_correlation ON eventbus_events (correlation_id)",
          "INSERT INTO eventbus_schema (version) VALUES (1)");

  static List<String> postgresV1(String schema) {
    String events = schema + ".eventbus_events";
    return List.of(
        "CREATE SCHEMA " + schema,
        "CREATE TABLE IF NOT EXISTS " + schema + ".eventbus_schema (version INTEGER NOT NULL)",
        "CREATE TABLE " + events + " ( position BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, tx_id XID8 NOT NULL"
            + " DEFAULT pg_current_xact_id(), event_id UUID NOT NULL, stream_id TEXT, stream_version BIGINT NOT NULL"
            + " DEFAULT 0, type_name TEXT NOT NULL, type_version INT NOT NULL, topic TEXT NOT NULL, ts BIGINT NOT NULL,"
            + " correlation_id UUID NOT NULL, causation_id UUID, headers TEXT NOT NULL, payload BYTEA NOT NULL,"
            + " CONSTRAINT eventbus_events_event_id UNIQUE (event_id),"
            + " CONSTRAINT eventbus_events_stream UNIQUE (stream_id, stream_version))",
        "CREATE INDEX eventbus_events_type ON " + events + " (type_name, position)",
        "CREATE INDEX eventbus_events_ts ON " + events + " (ts)",
        "CREATE INDEX eventbus_events_correlation ON " + events + " (correlation_id)",
        "INSERT INTO " + schema + ".eventbus_schema (version) VALUES (1)");
  }

  /** Three events as release 1 wrote them: two without a stream, one in stream acc-1. */
  static List<EventRecord> writeV1Events(Connection connection, String events, boolean postgres) throws SQLException {
    List<EventRecord> written =
        List.of(record("order.placed", "orders.eu", "{\"n\":1}"), record("order.paid", "orders.eu", "{\"n\":2}"),
            record("account.opened", "accounts", "{\"n\":3}"));
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO " + events + " (" + Rows.INSERT_COLUMNS + ") VALUES (" + Rows.placeholders(11) + ")")) {
      for (int i = 0; i < written.size(); i++) {
        Rows.bind(insert, written.get(i), i == 2 ? "acc-1" : null, i == 2 ? 1 : 0, postgres);
        insert.executeUpdate();
      }
    }
    return written;
  }

  static void execute(Connection connection, List<String> statements) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  static List<Integer> versions(Connection connection, String table) throws SQLException {
    List<Integer> versions = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT version FROM " + table + " ORDER BY version")) {
      while (rows.next()) {
        versions.add(rows.getInt(1));
      }
    }
    return versions;
  }

  /** What a migrated store must do: read every old event, append after them, keep subscriptions. */
  static void assertMigrated(EventStore store, List<EventRecord> written) {
    List<EventRecord> read = store.read(EventQuery.all());
    assertEquals(written.stream().map(EventRecord::eventId).toList(), read.stream().map(EventRecord::eventId).toList());
    assertEquals(List.of(1L, 2L, 3L), read.stream().map(EventRecord::position).toList());
    assertEquals(List.of("{\"n\":1}", "{\"n\":2}", "{\"n\":3}"), read.stream().map(Records::payload).toList());
    assertEquals(written.get(0).timestamp(), read.get(0).timestamp());
    assertEquals(written.get(0).headers(), read.get(0).headers());
    assertEquals(read.get(2).cursor(), store.head());

    assertEquals(
        2, store.append("acc-1", ExpectedVersion.exactly(1), List.of(record("account.credited", "accounts", "{}"))).get(0).streamVersion());
    EventRecord next = store.append(null, ExpectedVersion.any(), List.of(record("order.shipped", "orders.eu", "{}"))).get(0);
    assertEquals(5, next.position());
    Visibility.await(store, next.cursor());
    assertEquals(2, store.read(EventQuery.all().after(read.get(2).cursor())).size());

    Lease lease = store.subscriptions().acquire("projection", "node-a", Duration.ofMinutes(1), Cursor.START).orElseThrow();
    store.subscriptions().checkpoint(lease, read.get(2).cursor());
    assertEquals(read.get(2).cursor(), store.subscriptions().states().get(0).checkpoint());
  }

  @Test
  void aVersionOneSqliteFileIsMigratedKeepingEveryEvent() throws Exception {
    Path file = directory.resolve("v1.db");
    List<EventRecord> written;
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      execute(connection, List.of("PRAGMA journal_mode=WAL"));
      execute(connection, SQLITE_V1);
      written = writeV1Events(connection, "eventbus_events", false);
    }

    SchemaVersionException older =
        assertThrows(SchemaVersionException.class, () -> JdbcEventStores.sqlite(file, SqliteOptions.defaults().readOnly()));
    assertEquals(
        file.toAbsolutePath() + " holds an event store of schema version 1, older than version 2 that this"
            + " eventbus-store-jdbc reads: open it once with a writable store of this release to migrate it (a"
            + " read-only store changes nothing)",
        older.getMessage());
    assertEquals(1, older.foundVersion());

    try (EventStore store = JdbcEventStores.sqlite(file)) {
      assertMigrated(store, written);
    }
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      assertEquals(List.of(1, 2), versions(connection, "eventbus_schema"));
    }
    try (EventStore reader = JdbcEventStores.sqlite(file, SqliteOptions.defaults().readOnly())) {
      assertEquals(5, reader.read(EventQuery.all()).size(), "a read-only store reads the migrated file");
      assertEquals(1, reader.subscriptions().states().size());
    }
  }

  @Test
  void aVersionOnePostgresSchemaIsMigratedKeepingEveryEventAndGetsTheCursorIndex() throws Exception {
    String schema = PostgresSupport.newSchema();
    try {
      List<EventRecord> written;
      Cursor third;
      try (Connection connection = DriverManager.getConnection(PostgresSupport.URL);
          Statement statement = connection.createStatement()) {
        execute(connection, postgresV1(schema));
        written = writeV1Events(connection, schema + ".eventbus_events", true);
        try (ResultSet row =
            statement.executeQuery("SELECT tx_id::text::bigint FROM " + schema + ".eventbus_events WHERE position = 3")) {
          row.next();
          third = Cursor.of(row.getLong(1), 3);
        }
      }

      try (EventStore store = JdbcEventStores.postgres(PostgresSupport.URL, PostgresOptions.defaults().schema(schema))) {
        Visibility.await(store, third);
        assertMigrated(store, written);
      }
      try (Connection connection = DriverManager.getConnection(PostgresSupport.URL);
          Statement statement = connection.createStatement()) {
        assertEquals(List.of(1, 2), versions(connection, schema + ".eventbus_schema"));
        try (ResultSet index =
            statement.executeQuery(
                "SELECT indexdef FROM pg_indexes WHERE schemaname = '" + schema + "' AND indexname IN"
                    + " ('eventbus_events_cursor', 'eventbus_events_type') ORDER BY indexname")) {
          index.next();
          assertTrue(index.getString(1).endsWith("(tx_id, \"position\")"), index.getString(1));
          index.next();
          assertTrue(index.getString(1).endsWith("(type_name, tx_id, \"position\")"), index.getString(1));
        }
      }

      PostgresSupport.execute("INSERT INTO " + schema + ".eventbus_schema (version) VALUES (3)");
      SchemaVersionException newer =
          assertThrows(
              SchemaVersionException.class,
              () -> JdbcEventStores.postgres(PostgresSupport.URL, PostgresOptions.defaults().schema(schema)));
      assertEquals(
          "the event store's schema at " + PostgresSupport.URL + " (tables " + schema + ".eventbus_*) is version 3,"
              + " newer than version 2 that this eventbus-store-jdbc knows: upgrade the library",
          newer.getMessage());
    } finally {
      PostgresSupport.dropSchema(schema);
    }
  }

  @Test
  void theNewTablesTakeTheTablePrefix() throws Exception {
    Path file = directory.resolve("app.db");
    try (EventStore store = JdbcEventStores.sqlite(file, SqliteOptions.defaults().tablePrefix("orders_"))) {
      store.subscriptions().acquire("projection", "node-a", Duration.ofMinutes(1), Cursor.START).orElseThrow();
    }
    List<String> tables = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
      while (rows.next()) {
        tables.add(rows.getString(1));
      }
    }
    assertEquals(List.of("orders_events", "orders_parked", "orders_schema", "orders_subscriptions", "sqlite_sequence"), tables);
  }

  @Test
  void theNewTablesTakeTheSchemaAndPrefixOnPostgres() throws Exception {
    String schema = PostgresSupport.newSchema();
    try {
      try (EventStore store =
          JdbcEventStores.postgres(PostgresSupport.URL, PostgresOptions.defaults().schema(schema).tablePrefix("billing_"))) {
        store.subscriptions().acquire("projection", "node-a", Duration.ofMinutes(1), Cursor.START).orElseThrow();
      }
      List<String> tables = new ArrayList<>();
      try (Connection connection = DriverManager.getConnection(PostgresSupport.URL);
          Statement statement = connection.createStatement();
          ResultSet rows =
              statement.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = '" + schema + "' ORDER BY tablename")) {
        while (rows.next()) {
          tables.add(rows.getString(1));
        }
      }
      assertEquals(List.of("billing_events", "billing_parked", "billing_schema", "billing_subscriptions"), tables);
    } finally {
      PostgresSupport.dropSchema(schema);
    }
  }
}
