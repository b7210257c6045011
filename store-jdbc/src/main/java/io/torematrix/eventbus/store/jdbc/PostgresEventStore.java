package io.torematrix.eventbus.store.jdbc;

import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.EventStoreException;
import io.torematrix.eventbus.ExpectedVersion;
import io.torematrix.eventbus.WrongExpectedVersionException;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.EventStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * The PostgreSQL store. Positions come from an identity column; each row also records the id of
 * the transaction that wrote it, and a read only returns rows written by transactions older than
 * every transaction still running ({@code tx_id < pg_snapshot_xmin(pg_current_snapshot())}), so a
 * reader never skips a position that a slower transaction commits later. Unique constraints turn
 * a duplicate event id into "already stored" and two writers racing for one stream version into
 * exactly one winner.
 */
final class PostgresEventStore implements EventStore {
  private static final String UNIQUE_VIOLATION = "23505";
  private static final int ATTEMPTS = 5;
  /** Rows per multi-row insert: 11 parameters each, well under PostgreSQL's 65535. */
  private static final int INSERT_CHUNK = 1000;

  private final ConnectionPool pool;
  private final String displayUrl;
  private volatile boolean closed;

  private PostgresEventStore(ConnectionPool pool, String displayUrl) {
    this.pool = pool;
    this.displayUrl = displayUrl;
  }

  /** Connects to {@code url}, checking that the server answers and the schema is in place. */
  static PostgresEventStore open(String url, Properties properties) {
    String display = url.replaceAll("password=[^&]*", "password=***");
    ConnectionPool pool = new ConnectionPool(url, properties, display, 4);
    try (Connection connection = pool.open()) {
      Schema.migratePostgres(connection);
    } catch (SQLException e) {
      pool.close();
      throw new EventStoreException(
          "cannot prepare the event store schema at " + display + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    return new PostgresEventStore(pool, display);
  }

  @Override
  public List<EventRecord> append(String streamId, ExpectedVersion expected, List<EventRecord> records) {
    if (streamId == null && !expected.isAny()) {
      throw new IllegalArgumentException("an expected version needs a stream; got " + expected + " without one");
    }
    requireOpen();
    for (int attempt = 1; ; attempt++) {
      try {
        return pool.with(connection -> appendOnce(connection, streamId, expected, records));
      } catch (SQLException e) {
        boolean raced = UNIQUE_VIOLATION.equals(e.getSQLState());
        if (raced && streamId != null && !expected.isAny()) {
          throw new WrongExpectedVersionException(streamId, expected, currentVersion(streamId));
        }
        if (!raced || attempt == ATTEMPTS) {
          throw new EventStoreException(
              "could not append to the event store at " + displayUrl + ": " + e.getMessage(), e);
        }
        // a concurrent writer took a stream version or stored an id first: read again, retry
      }
    }
  }

  /**
   * One attempt at an append, in one transaction. Without a stream, a duplicate id is left out by
   * the insert itself ({@code ON CONFLICT DO NOTHING}) and looked up afterwards. In a stream,
   * duplicates are looked up first, so that they take no stream version, and an id or version
   * another writer stores meanwhile fails the insert, so that the append is retried.
   */
  private List<EventRecord> appendOnce(
      Connection connection, String streamId, ExpectedVersion expected, List<EventRecord> records)
      throws SQLException {
    connection.setAutoCommit(false);
    try {
      boolean inStream = streamId != null;
      Map<UUID, EventRecord> known = new HashMap<>();
      if (inStream) {
        known.putAll(Rows.findByIds(connection, records, true, INSERT_CHUNK));
      }
      List<EventRecord> fresh = new ArrayList<>();
      for (EventRecord record : records) {
        if (!known.containsKey(record.eventId())) {
          known.put(record.eventId(), null);
          fresh.add(record);
        }
      }
      long version = 0;
      if (inStream) {
        version = streamVersion(connection, streamId);
        if (!fresh.isEmpty() && !expected.accepts(version)) {
          throw new WrongExpectedVersionException(streamId, expected, version);
        }
      }
      for (int from = 0; from < fresh.size(); from += INSERT_CHUNK) {
        List<EventRecord> chunk = fresh.subList(from, Math.min(fresh.size(), from + INSERT_CHUNK));
        version = insert(connection, chunk, streamId, version, known);
      }
      List<EventRecord> duplicates = new ArrayList<>();
      for (EventRecord record : fresh) {
        if (known.get(record.eventId()) == null) {
          duplicates.add(record);
        }
      }
      known.putAll(Rows.findByIds(connection, duplicates, true, INSERT_CHUNK));
      connection.commit();
      return Rows.asStored(records, known);
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  /**
   * Inserts {@code chunk} in one multi-row statement, stream versions following {@code version},
   * and puts each inserted record, placed, into {@code known}. Returns the stream's last version.
   */
  private static long insert(
      Connection connection,
      List<EventRecord> chunk,
      String streamId,
      long version,
      Map<UUID, EventRecord> known)
      throws SQLException {
    StringBuilder sql =
        new StringBuilder("INSERT INTO eventbus_events (" + Rows.INSERT_COLUMNS + ") VALUES ");
    for (int i = 0; i < chunk.size(); i++) {
      sql.append(i == 0 ? "(" : ", (").append(Rows.placeholders(11)).append(')');
    }
    if (streamId == null) {
      sql.append(" ON CONFLICT (event_id) DO NOTHING");
    }
    sql.append(" RETURNING position, event_id");
    Map<UUID, Integer> indexOf = new HashMap<>();
    try (PreparedStatement insert = connection.prepareStatement(sql.toString())) {
      for (int i = 0; i < chunk.size(); i++) {
        EventRecord record = chunk.get(i);
        indexOf.put(record.eventId(), i);
        Rows.bind(insert, record, streamId, versionAt(streamId, version, i), true, 1 + 11 * i);
      }
      try (ResultSet keys = insert.executeQuery()) {
        while (keys.next()) {
          UUID id = (UUID) keys.getObject(2);
          Integer index = indexOf.get(id);
          if (index == null) {
            throw new IllegalStateException("the database returned an id it was not given: " + id);
          }
          known.put(
              id,
              chunk.get(index).placed(keys.getLong(1), streamId, versionAt(streamId, version, index)));
        }
      }
    }
    return streamId == null ? 0 : version + chunk.size();
  }

  private static long versionAt(String streamId, long lastVersion, int index) {
    return streamId == null ? 0 : lastVersion + index + 1;
  }

  private static long streamVersion(Connection connection, String streamId) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT coalesce(max(stream_version), 0) FROM eventbus_events WHERE stream_id = ?")) {
      select.setString(1, streamId);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  private long currentVersion(String streamId) {
    try {
      return pool.with(connection -> streamVersion(connection, streamId));
    } catch (SQLException e) {
      throw new EventStoreException("could not read stream " + streamId + " at " + displayUrl, e);
    }
  }

  @Override
  public List<EventRecord> read(EventQuery query) {
    requireOpen();
    QuerySql sql =
        QuerySql.of(query, "~", true).and("tx_id < pg_snapshot_xmin(pg_current_snapshot())");
    try {
      return pool.with(sql::select);
    } catch (SQLException e) {
      throw new EventStoreException(
          "could not read the event store at " + displayUrl + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    closed = true;
    pool.close();
  }

  private void requireOpen() {
    if (closed) {
      throw new EventStoreException("the event store at " + displayUrl + " is closed");
    }
  }

  @Override
  public String toString() {
    return "PostgresEventStore[" + displayUrl + (closed ? ", closed" : "") + "]";
  }
}
