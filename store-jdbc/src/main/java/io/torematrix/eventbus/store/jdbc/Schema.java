package io.torematrix.eventbus.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The stores' schema, created on first use and versioned: the table {@code <prefix>schema}
 * records the version, and migration {@code n} brings a database from version {@code n - 1} to
 * {@code n}, all pending ones in one transaction. A new version adds one entry to each dialect's
 * list of migrations. A database newer than this code is refused; a read-only store only checks
 * the version and migrates nothing.
 *
 * <p>Versions: 1, the events; 2, the durable subscriptions ({@code <prefix>subscriptions}: a
 * checkpoint and a lease each; {@code <prefix>parked}: the events they gave up on, as stored,
 * with the error) and, on PostgreSQL, the indexes that serve reading in cursor order, {@code
 * (tx_id, position)}. Migrating from 1 to 2 adds tables and indexes and keeps every event.
 * Timestamps are epoch nanoseconds in {@code BIGINT}/{@code INTEGER} columns, as the events'.
 */
final class Schema {
  /** The version this code writes and reads. */
  static final int VERSION = 2;

  /** The SQL one database speaks: its migrations, and how to tell whether a table exists. */
  enum Dialect {
    SQLITE("SQLite") {
      @Override
      List<List<String>> migrations(Tables t) {
        return List.of(
            List.of(
                "CREATE TABLE " + t.events() + " ("
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
                "CREATE INDEX " + t.local("events_type") + " ON " + t.local("events") + " (type_name, position)",
                "CREATE INDEX " + t.local("events_ts") + " ON " + t.local("events") + " (ts)",
                "CREATE INDEX " + t.local("events_correlation") + " ON " + t.local("events") + " (correlation_id)"),
            List.of(
                "CREATE TABLE " + t.subscriptions() + " ("
                    + " name TEXT PRIMARY KEY,"
                    + " checkpoint_tx INTEGER NOT NULL DEFAULT 0,"
                    + " checkpoint_position INTEGER NOT NULL DEFAULT 0,"
                    + " owner TEXT,"
                    + " epoch INTEGER NOT NULL DEFAULT 0,"
                    + " lease_expires_at INTEGER,"
                    + " created_at INTEGER NOT NULL)",
                "CREATE TABLE " + t.parked() + " ("
                    + " subscription TEXT NOT NULL,"
                    + " event_id TEXT NOT NULL,"
                    + " seq INTEGER NOT NULL,"
                    + PARKED_RECORD_COLUMNS_SQLITE
                    + " error TEXT NOT NULL,"
                    + " attempts INTEGER NOT NULL,"
                    + " first_failed_at INTEGER NOT NULL,"
                    + " parked_at INTEGER NOT NULL,"
                    + " status TEXT NOT NULL,"
                    + " PRIMARY KEY (subscription, event_id))",
                "CREATE INDEX " + t.local("parked_order") + " ON " + t.local("parked") + " (subscription, seq)"));
      }

      @Override
      boolean exists(Connection connection, Tables t, String table) throws SQLException {
        try (PreparedStatement select =
            connection.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
          select.setString(1, t.local(table));
          try (ResultSet row = select.executeQuery()) {
            return row.next();
          }
        }
      }
    },

    POSTGRES("PostgreSQL") {
      @Override
      List<List<String>> migrations(Tables t) {
        String events = t.events();
        return List.of(
            List.of(
                "CREATE TABLE " + events + " ("
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
                    + " CONSTRAINT " + t.local("events_event_id") + " UNIQUE (event_id),"
                    + " CONSTRAINT " + t.local("events_stream") + " UNIQUE (stream_id, stream_version))",
                "CREATE INDEX " + t.local("events_type") + " ON " + events + " (type_name, position)",
                "CREATE INDEX " + t.local("events_ts") + " ON " + events + " (ts)",
                "CREATE INDEX " + t.local("events_correlation") + " ON " + events + " (correlation_id)"),
            List.of(
                // reads page and order by (tx_id, position): the cursor
                "CREATE INDEX " + t.local("events_cursor") + " ON " + events + " (tx_id, position)",
                "DROP INDEX " + t.qualified("events_type"),
                "CREATE INDEX " + t.local("events_type") + " ON " + events + " (type_name, tx_id, position)",
                "CREATE TABLE " + t.subscriptions() + " ("
                    + " name TEXT PRIMARY KEY,"
                    + " checkpoint_tx BIGINT NOT NULL DEFAULT 0,"
                    + " checkpoint_position BIGINT NOT NULL DEFAULT 0,"
                    + " owner TEXT,"
                    + " epoch BIGINT NOT NULL DEFAULT 0,"
                    + " lease_expires_at BIGINT,"
                    + " created_at BIGINT NOT NULL)",
                "CREATE TABLE " + t.parked() + " ("
                    + " subscription TEXT NOT NULL,"
                    + " event_id UUID NOT NULL,"
                    + " seq BIGINT GENERATED ALWAYS AS IDENTITY,"
                    + PARKED_RECORD_COLUMNS_POSTGRES
                    + " error TEXT NOT NULL,"
                    + " attempts INT NOT NULL,"
                    + " first_failed_at BIGINT NOT NULL,"
                    + " parked_at BIGINT NOT NULL,"
                    + " status TEXT NOT NULL,"
                    + " PRIMARY KEY (subscription, event_id))",
                "CREATE INDEX " + t.local("parked_order") + " ON " + t.parked() + " (subscription, seq)"));
      }

      @Override
      boolean exists(Connection connection, Tables t, String table) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
          select.setString(1, t.qualified(table));
          try (ResultSet row = select.executeQuery()) {
            return row.next() && row.getBoolean(1);
          }
        }
      }

      @Override
      void prepare(Statement statement, Tables t) throws SQLException {
        // one migration at a time, across processes; the lock ends with the transaction
        statement.execute("SELECT pg_advisory_xact_lock(7412734501)");
        if (t.schema() != null) {
          try (ResultSet row =
              statement.executeQuery(
                  "SELECT 1 FROM pg_namespace WHERE nspname = '" + t.schema() + "'")) { // validated name
            if (row.next()) {
              return;
            }
          }
          statement.execute("CREATE SCHEMA " + t.quotedSchema());
        }
      }
    };

    private final String displayName;

    Dialect(String displayName) {
      this.displayName = displayName;
    }

    /** The statements of each migration; entry {@code n - 1} brings version {@code n - 1} to {@code n}. */
    abstract List<List<String>> migrations(Tables tables);

    /** Whether the table {@code <prefix><table>} exists. */
    abstract boolean exists(Connection connection, Tables tables, String table) throws SQLException;

    /** Runs first in the migration's transaction. */
    void prepare(Statement statement, Tables tables) throws SQLException {}
  }

  /** The parked event's record, as in the events table (its transaction in {@code tx}). */
  private static final String PARKED_RECORD_COLUMNS_SQLITE =
      " position INTEGER NOT NULL,"
          + " tx INTEGER NOT NULL,"
          + " stream_id TEXT,"
          + " stream_version INTEGER NOT NULL,"
          + " type_name TEXT NOT NULL,"
          + " type_version INTEGER NOT NULL,"
          + " topic TEXT NOT NULL,"
          + " ts INTEGER NOT NULL,"
          + " correlation_id TEXT NOT NULL,"
          + " causation_id TEXT,"
          + " headers TEXT NOT NULL,"
          + " payload BLOB NOT NULL,";

  private static final String PARKED_RECORD_COLUMNS_POSTGRES =
      " position BIGINT NOT NULL,"
          + " tx BIGINT NOT NULL,"
          + " stream_id TEXT,"
          + " stream_version BIGINT NOT NULL,"
          + " type_name TEXT NOT NULL,"
          + " type_version INT NOT NULL,"
          + " topic TEXT NOT NULL,"
          + " ts BIGINT NOT NULL,"
          + " correlation_id UUID NOT NULL,"
          + " causation_id UUID,"
          + " headers TEXT NOT NULL,"
          + " payload BYTEA NOT NULL,";

  private Schema() {}

  /**
   * Brings the database to {@link #VERSION}, in one transaction; the caller's connection is
   * handed back in the auto-commit mode it had.
   *
   * @throws SchemaVersionException if the database is newer than this code
   */
  static void migrate(Connection connection, Dialect dialect, Tables tables, String where) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      dialect.prepare(statement, tables);
      statement.execute("CREATE TABLE IF NOT EXISTS " + tables.schemaVersion() + " (version INTEGER NOT NULL)");
      int version = version(statement, tables);
      if (version > VERSION) {
        throw newer(version, where);
      }
      List<List<String>> migrations = dialect.migrations(tables);
      for (int next = version + 1; next <= VERSION; next++) {
        for (String ddl : migrations.get(next - 1)) {
          statement.execute(ddl);
        }
        statement.execute("INSERT INTO " + tables.schemaVersion() + " (version) VALUES (" + next + ")");
      }
      connection.commit();
    } catch (SQLException | RuntimeException | Error e) {
      Failures.rollback(connection, e);
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  /**
   * Checks, changing nothing, that the database holds an event store of {@link #VERSION}.
   *
   * @throws SchemaVersionException if it holds none, or one of another version
   */
  static void verify(Connection connection, Dialect dialect, Tables tables, String where) throws SQLException {
    if (!dialect.exists(connection, tables, "schema")) {
      throw notAnEventStore(where, "it has no table " + tables.display("schema"));
    }
    int version;
    try (Statement statement = connection.createStatement()) {
      version = version(statement, tables);
    }
    if (version > VERSION) {
      throw newer(version, where);
    }
    if (version < VERSION) {
      throw new SchemaVersionException(
          where
              + " holds an event store of schema version "
              + version
              + ", older than version "
              + VERSION
              + " that this eventbus-store-jdbc reads: open it once with a writable store of this"
              + " release to migrate it (a read-only store changes nothing)",
          version,
          VERSION);
    }
    for (String table : List.of("events", "subscriptions", "parked")) {
      if (!dialect.exists(connection, tables, table)) {
        throw notAnEventStore(where, "it has no table " + tables.display(table));
      }
    }
  }

  static SchemaVersionException notAnEventStore(String where, String why) {
    return new SchemaVersionException(where + " is not an event store: " + why, 0, VERSION);
  }

  private static SchemaVersionException newer(int version, String where) {
    return new SchemaVersionException(
        "the event store's schema at "
            + where
            + " is version "
            + version
            + ", newer than version "
            + VERSION
            + " that this eventbus-store-jdbc knows: upgrade the library",
        version,
        VERSION);
  }

  private static int version(Statement statement, Tables tables) throws SQLException {
    try (ResultSet row = statement.executeQuery("SELECT max(version) FROM " + tables.schemaVersion())) {
      return row.next() ? row.getInt(1) : 0;
    }
  }
}
