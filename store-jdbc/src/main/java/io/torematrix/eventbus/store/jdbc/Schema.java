package io.torematrix.eventbus.store.jdbc;

import io.torematrix.eventbus.EventStoreException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The stores' schema, created on first use and versioned: {@code eventbus_schema} records the
 * version, and each migration brings a database from one version to the next, in its own
 * transaction. A database newer than this code is refused.
 */
final class Schema {
  /** The version this code writes and reads. */
  static final int VERSION = 1;

  private static final List<String> SQLITE_V1 =
      List.of(
          "CREATE TABLE eventbus_events ("
              + " position INTEGER PRIMARY KEY AUTOINCREMENT,"
              + " event_id TEXT NOT NULL UNIQUE,"
              + " stream_id TEXT,"
              + " stream_version INTEGER NOT NULL DEFAULT 0,"
              + " type_name TEXT NOT NULL,"
              + " type_version INTEGER NOT NULL,"
              + " topic TEXT NOT NULL,"
              + " ts INTEGER NOT NULL,"
              + " correlation_id TEXT NOT NULL,"
              + " causation_id TEXT,"
              + " headers TEXT NOT NULL,"
              + " payload BLOB NOT NULL,"
              + " UNIQUE (stream_id, stream_version))",
          "CREATE INDEX eventbus_events_type ON eventbus_events (type_name, position)",
          "CREATE INDEX eventbus_events_ts ON eventbus_events (ts)",
          "CREATE INDEX eventbus_events_correlation ON eventbus_events (correlation_id)");

  private static final List<String> POSTGRES_V1 =
      List.of(
          "CREATE TABLE eventbus_events ("
              + " position BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
              + " tx_id XID8 NOT NULL DEFAULT pg_current_xact_id(),"
              + " event_id UUID NOT NULL,"
              + " stream_id TEXT,"
              + " stream_version BIGINT NOT NULL DEFAULT 0,"
              + " type_name TEXT NOT NULL,"
              + " type_version INT NOT NULL,"
              + " topic TEXT NOT NULL,"
              + " ts BIGINT NOT NULL,"
              + " correlation_id UUID NOT NULL,"
              + " causation_id UUID,"
              + " headers TEXT NOT NULL,"
              + " payload BYTEA NOT NULL,"
              + " CONSTRAINT eventbus_events_event_id UNIQUE (event_id),"
              + " CONSTRAINT eventbus_events_stream UNIQUE (stream_id, stream_version))",
          "CREATE INDEX eventbus_events_type ON eventbus_events (type_name, position)",
          "CREATE INDEX eventbus_events_ts ON eventbus_events (ts)",
          "CREATE INDEX eventbus_events_correlation ON eventbus_events (correlation_id)");

  private Schema() {}

  /** Brings a SQLite database to {@link #VERSION}; the caller holds the only writer. */
  static void migrateSqlite(Connection connection) throws SQLException {
    migrate(connection, SQLITE_V1, null);
  }

  /** Brings a PostgreSQL database to {@link #VERSION}, under an advisory lock. */
  static void migratePostgres(Connection connection) throws SQLException {
    migrate(connection, POSTGRES_V1, "SELECT pg_advisory_xact_lock(7412734501)");
  }

  private static void migrate(Connection connection, List<String> v1, String lock) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      if (lock != null) {
        statement.execute(lock);
      }
      statement.execute("CREATE TABLE IF NOT EXISTS eventbus_schema (version INTEGER NOT NULL)");
      int version = 0;
      try (ResultSet row = statement.executeQuery("SELECT max(version) FROM eventbus_schema")) {
        if (row.next()) {
          version = row.getInt(1);
        }
      }
      if (version > VERSION) {
        throw new EventStoreException(
            "the event store's schema is version "
                + version
                + ", newer than version "
                + VERSION
                + " that this eventbus-store-jdbc knows: upgrade the library");
      }
      if (version < 1) {
        for (String ddl : v1) {
          statement.execute(ddl);
        }
        statement.execute("INSERT INTO eventbus_schema (version) VALUES (1)");
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }
}
