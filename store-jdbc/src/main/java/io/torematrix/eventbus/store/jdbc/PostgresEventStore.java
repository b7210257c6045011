package io.torematrix.eventbus.store.jdbc;

import io.torematrix.eventbus.Cursor;
import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.EventStoreException;
import io.torematrix.eventbus.ExpectedVersion;
import io.torematrix.eventbus.WrongExpectedVersionException;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.EventStore;
import io.torematrix.eventbus.spi.SubscriptionStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL store. Positions come from an identity column, taken row by row, so concurrent
 * appends interleave them and commit in another order: position order is not an order a reader
 * can resume from. Each row therefore also records the id of the transaction that wrote it
 * ({@code tx_id}, taken when the transaction writes its first row), and the store's order is the
 * {@link io.torematrix.eventbus.Cursor} {@code (tx_id, position)}: reads page with {@code (tx_id,
 * position) > (?, ?)}, order by both (an index serves it), and only return rows of transactions
 * older than every transaction still running ({@code tx_id < pg_snapshot_xmin(pg_current_snapshot())}).
 * A transaction that commits later has an id at or above that horizon, so its rows sort after
 * every row already returned: a reader that resumes after the last cursor it read never skips
 * one. (The technique of Oskar Dudycz's Emmett and Marten's high-water mark.) Unique constraints
 * turn a duplicate event id into "already stored" and two writers racing for one stream version
 * into exactly one winner.
 *
 * <p>An append whose {@code COMMIT} got no answer (the connection died on the way) is settled
 * before the caller hears of it: on a new connection the store asks the server for the outcome of
 * the append's transaction ({@code pg_xact_status}), ending that transaction's session first if it
 * is still running, so that a failed append was not stored and a returned one was.
 */
final class PostgresEventStore implements EventStore {
  private static final String UNIQUE_VIOLATION = "23505";
  private static final int ATTEMPTS = 5;
  /** Rows per multi-row insert: 11 parameters each, well under PostgreSQL's 65535. */
  private static final int INSERT_CHUNK = 1000;
  /** How long an append whose commit got no answer keeps trying to learn its outcome. */
  static final long SETTLE_SECONDS = 30;
  /**
   * The visibility rule: rows of transactions older than every transaction still in flight. A
   * transaction is in flight anywhere in the cluster (any database of the server), so one left
   * open elsewhere holds back what reads return until it ends.
   */
  private static final String VISIBLE = "tx_id < pg_snapshot_xmin(pg_current_snapshot())";

  private final ConnectionSource source;
  private final Tables tables;
  private final String where;
  private final boolean readOnly;
  private final JdbcSubscriptionStore subscriptions;
  private volatile boolean closed;

  private PostgresEventStore(ConnectionSource source, Tables tables, String where, boolean readOnly) {
    this.source = source;
    this.tables = tables;
    this.where = where;
    this.readOnly = readOnly;
    this.subscriptions =
        new JdbcSubscriptionStore(
            () -> source, () -> source, tables, true, "the event store at " + where, readOnly, this::requireOpen);
  }

  /**
   * Checks that the server answers and prepares the schema (or, read-only, checks it); closes
   * {@code source} if that fails.
   */
  static PostgresEventStore open(ConnectionSource source, PostgresOptions options) {
    Tables tables = options.tables();
    String where =
        source.displayName
            + (tables.schema() == null && tables.prefix().equals(Tables.DEFAULT_PREFIX) ? "" : " (tables " + tables + ")");
    try {
      Connection connection = source.borrow();
      boolean broken = true;
      try {
        if (options.isReadOnly()) {
          Schema.verify(connection, Schema.Dialect.POSTGRES, tables, where);
        } else {
          Schema.migrate(connection, Schema.Dialect.POSTGRES, tables, where);
        }
        broken = false;
      } finally {
        source.release(connection, broken);
      }
    } catch (SQLException e) {
      source.close();
      throw new EventStoreException(
          "cannot prepare the event store schema at " + where + ": " + source.secrets.text(e),
          source.secrets.scrub(e));
    } catch (RuntimeException | Error e) {
      source.close();
      throw e;
    }
    return new PostgresEventStore(source, tables, where, options.isReadOnly());
  }

  @Override
  public List<EventRecord> append(String streamId, ExpectedVersion expected, List<EventRecord> records) {
    return appendAttempt(streamId, expected, records).stored;
  }

  /**
   * One append of one record, without a stream: the insert leaves a duplicate id out ({@code ON
   * CONFLICT DO NOTHING}), so the record was stored by this call exactly when the transaction that
   * committed inserted it. A concurrent append of the same id waits on the unique index and then
   * inserts nothing.
   */
  @Override
  public Optional<EventRecord> appendIfAbsent(EventRecord record) {
    Objects.requireNonNull(record, "record");
    Attempt attempt = appendAttempt(null, ExpectedVersion.any(), List.of(record));
    return attempt.inserted == null ? Optional.empty() : Optional.of(attempt.stored.get(0));
  }

  /** Appends, retrying a race as {@link #append} says; returns the attempt that stored the records. */
  private Attempt appendAttempt(String streamId, ExpectedVersion expected, List<EventRecord> records) {
    Objects.requireNonNull(expected, "expected");
    if (streamId == null && !expected.isAny()) {
      throw new IllegalArgumentException("an expected version needs a stream; got " + expected + " without one");
    }
    Rows.check(streamId, records);
    requireOpen();
    if (readOnly) {
      throw new EventStoreException("the event store at " + where + " is open read-only: it cannot append");
    }
    for (int attempt = 1; ; attempt++) {
      Connection connection = source.borrow();
      Attempt one = new Attempt();
      try {
        appendOnce(connection, one, streamId, expected, records);
      } catch (SQLException e) {
        source.release(connection, true);
        if (one.commitSent) {
          one.stored = settle(one, e);
          return one;
        }
        boolean raced = UNIQUE_VIOLATION.equals(e.getSQLState());
        if (raced && streamId != null && !expected.isAny()) {
          throw new WrongExpectedVersionException(streamId, expected, currentVersion(streamId, e));
        }
        if (!raced || attempt == ATTEMPTS) {
          throw failure("could not append to the event store at " + where, e);
        }
        continue; // a concurrent writer took a stream version or stored an id first: read again, retry
      } catch (RuntimeException | Error e) {
        release(connection, e);
        throw e;
      }
      release(connection, null);
      return one;
    }
  }

  /**
   * Hands back a connection of an append, in auto-commit mode again; one that cannot be put back
   * in that mode is closed. A failure doing so is suppressed by the append's own, if it failed.
   */
  private void release(Connection connection, Throwable failure) {
    boolean broken = false;
    try {
      connection.setAutoCommit(true);
    } catch (SQLException e) {
      broken = true;
      if (failure != null) {
        failure.addSuppressed(e);
      }
    }
    source.release(connection, broken);
  }

  /** What one attempt at an append learnt, for settling it if its commit got no answer. */
  private static final class Attempt {
    /** The id of the transaction that inserted rows, or {@code null} if it inserted none. */
    String txId;
    /** One record the transaction inserted. */
    EventRecord inserted;
    /** The records as the transaction stored them, had it committed. */
    List<EventRecord> stored;
    /** Whether {@code COMMIT} was sent: if it then failed, the outcome is unknown. */
    boolean commitSent;
  }

  /**
   * One attempt at an append, in one transaction. Without a stream, a duplicate id is left out by
   * the insert itself ({@code ON CONFLICT DO NOTHING}) and looked up afterwards. In a stream,
   * duplicates are looked up first, so that they take no stream version, and an id or version
   * another writer stores meanwhile fails the insert, so that the append is retried.
   */
  private List<EventRecord> appendOnce(
      Connection connection, Attempt attempt, String streamId, ExpectedVersion expected, List<EventRecord> records)
      throws SQLException {
    connection.setAutoCommit(false);
    try {
      boolean inStream = streamId != null;
      Map<UUID, EventRecord> known = new HashMap<>();
      if (inStream) {
        known.putAll(Rows.findByIds(connection, tables.events(), records, true, INSERT_CHUNK));
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
        version = insert(connection, attempt, chunk, streamId, version, known);
      }
      List<EventRecord> duplicates = new ArrayList<>();
      for (EventRecord record : fresh) {
        if (known.get(record.eventId()) == null) {
          duplicates.add(record);
        }
      }
      known.putAll(Rows.findByIds(connection, tables.events(), duplicates, true, INSERT_CHUNK));
      attempt.stored = Rows.asStored(records, known);
      attempt.commitSent = true;
      connection.commit();
      return attempt.stored;
    } catch (SQLException | RuntimeException | Error e) {
      if (!attempt.commitSent) {
        Failures.rollback(connection, e);
      }
      throw e;
    }
  }

  /**
   * Inserts {@code chunk} in one multi-row statement, stream versions following {@code version},
   * and puts each inserted record, placed, into {@code known}. Returns the stream's last version.
   */
  private long insert(
      Connection connection,
      Attempt attempt,
      List<EventRecord> chunk,
      String streamId,
      long version,
      Map<UUID, EventRecord> known)
      throws SQLException {
    StringBuilder sql =
        new StringBuilder("INSERT INTO " + tables.events() + " (" + Rows.INSERT_COLUMNS + ") VALUES ");
    for (int i = 0; i < chunk.size(); i++) {
      sql.append(i == 0 ? "(" : ", (").append(Rows.placeholders(11)).append(')');
    }
    if (streamId == null) {
      sql.append(" ON CONFLICT (event_id) DO NOTHING");
    }
    sql.append(" RETURNING position, event_id, tx_id");
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
          attempt.txId = keys.getString(3);
          attempt.inserted = chunk.get(index);
          known.put(
              id,
              chunk
                  .get(index)
                  .placed(Long.parseLong(attempt.txId), keys.getLong(1), streamId, versionAt(streamId, version, index)));
        }
      }
    }
    return streamId == null ? 0 : version + chunk.size();
  }

  /**
   * Finds out whether an append whose commit failed was stored, on a new connection: returns its
   * records if its transaction committed, throws the commit's own failure if it did not. A
   * transaction still in progress belongs to a session the store gave up on: it is ended ({@code
   * pg_terminate_backend}), then asked about again. Tries for up to {@value #SETTLE_SECONDS} s.
   *
   * @throws EventStoreException with {@code commitFailure}: "not stored", or, if the database could
   *     not be asked in time, saying that the outcome is unknown
   */
  private List<EventRecord> settle(Attempt attempt, SQLException commitFailure) {
    if (attempt.txId == null) {
      return attempt.stored; // it inserted nothing: its result holds whatever became of it
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SETTLE_SECONDS);
    for (long pause = 10; ; pause = Math.min(1000, pause * 2)) {
      Boolean committed = null;
      try {
        Connection connection = source.open();
        try {
          committed = committed(connection, attempt);
        } finally {
          Failures.close(connection, commitFailure);
        }
      } catch (SQLException | EventStoreException e) {
        commitFailure.addSuppressed(e);
      }
      if (committed != null) {
        if (committed) {
          return attempt.stored;
        }
        throw failure("could not append to the event store at " + where, commitFailure);
      }
      if (System.nanoTime() - deadline > 0) {
        break;
      }
      try {
        TimeUnit.MILLISECONDS.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        commitFailure.addSuppressed(e);
        break;
      }
    }
    throw failure(
        "could not learn whether an append to the event store at "
            + where
            + " was stored: its commit got no answer and the database could not be asked within "
            + SETTLE_SECONDS
            + " s; appending the same events again is safe (an event id is stored once)",
        commitFailure);
  }

  /**
   * Whether the transaction of {@code attempt} committed, or {@code null} while it is still
   * running, after ending its session.
   */
  private Boolean committed(Connection connection, Attempt attempt) throws SQLException {
    String status = transactionStatus(connection, attempt.txId);
    if (status == null) {
      // too old for the commit log to tell: the rows themselves answer
      return !Rows.findByIds(connection, tables.events(), List.of(attempt.inserted), true, 1).isEmpty();
    }
    switch (status) {
      case "committed":
        return true;
      case "aborted":
        return false;
      default:
        endSession(connection, attempt.txId);
        return null;
    }
  }

  private static String transactionStatus(Connection connection, String txId) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT pg_xact_status(?::xid8)")) {
      select.setString(1, txId);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getString(1);
      }
    }
  }

  /** Ends the session still running transaction {@code txId}, which the store gave up on. */
  private static void endSession(Connection connection, String txId) throws SQLException {
    try (PreparedStatement terminate =
        connection.prepareStatement(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE backend_xid = xid(?::xid8)")) {
      terminate.setString(1, txId);
      terminate.executeQuery().close();
    }
  }

  private static long versionAt(String streamId, long lastVersion, int index) {
    return streamId == null ? 0 : lastVersion + index + 1;
  }

  private long streamVersion(Connection connection, String streamId) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT coalesce(max(stream_version), 0) FROM " + tables.events() + " WHERE stream_id = ?")) {
      select.setString(1, streamId);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  private long currentVersion(String streamId, SQLException raced) {
    try {
      return source.with(connection -> streamVersion(connection, streamId));
    } catch (SQLException e) {
      e.addSuppressed(raced);
      throw failure("could not read stream " + streamId + " at " + where, e);
    }
  }

  @Override
  public List<EventRecord> read(EventQuery query) {
    requireOpen();
    QuerySql sql = QuerySql.of(query, tables.events(), true).and(VISIBLE);
    return read("read the event store", sql::select);
  }

  @Override
  public Cursor head() {
    requireOpen();
    String sql =
        "SELECT tx_id::text::bigint AS tx, position FROM "
            + tables.events()
            + " WHERE "
            + VISIBLE
            + " ORDER BY tx_id DESC, position DESC LIMIT 1";
    return read(
        "read the head of the event store",
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(sql);
              ResultSet row = select.executeQuery()) {
            return row.next() ? Cursor.of(row.getLong(1), row.getLong(2)) : Cursor.START;
          }
        });
  }

  @Override
  public SubscriptionStore subscriptions() {
    return subscriptions;
  }

  /** Reads with a connection; a pooled one the server closed while idle is replaced once. */
  private <T> T read(String what, ConnectionSource.Work<T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return source.with(work);
      } catch (SQLException e) {
        if (attempt == 1 && Failures.lostConnection(e)) {
          continue; // a pooled connection the server closed while idle: a read is safe to repeat
        }
        throw failure("could not " + what + " at " + where, e);
      }
    }
  }

  /** {@code what} failed because of {@code e}: the driver's text appended, secrets masked. */
  private EventStoreException failure(String what, SQLException e) {
    return new EventStoreException(what + ": " + source.secrets.text(e), source.secrets.scrub(e));
  }

  @Override
  public void close() {
    closed = true;
    source.close();
  }

  private void requireOpen() {
    if (closed) {
      throw new EventStoreException("the event store at " + where + " is closed");
    }
  }

  @Override
  public String toString() {
    return "PostgresEventStore[" + where + (readOnly ? ", read-only" : "") + (closed ? ", closed" : "") + "]";
  }
}
