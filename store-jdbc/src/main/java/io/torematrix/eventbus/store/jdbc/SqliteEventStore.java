package io.torematrix.eventbus.store.jdbc;

import io.torematrix.eventbus.Cursor;
import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.EventStoreException;
import io.torematrix.eventbus.ExpectedVersion;
import io.torematrix.eventbus.WrongExpectedVersionException;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.EventStore;
import io.torematrix.eventbus.spi.SubscriptionStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * The SQLite store: one file in WAL mode. One writer thread owns the only write connection and
 * commits the appends waiting for it together, in one transaction with a savepoint each, so that
 * concurrent publishers share commits while each append stays atomic and is judged on its own.
 * Positions are assigned in commit order by that one writer, so readers, on their own connections,
 * never see a gap that a later commit fills.
 *
 * <p>Before each commit the writer checks that the file is still the one it opened ({@link
 * SqliteFile}); a commit that fails is settled by looking its events up, so that an append that
 * failed was not stored.
 */
final class SqliteEventStore implements EventStore {
  private static final Append STOP = new Append(null, ExpectedVersion.any(), List.of());
  private static final int READERS = 4;
  private static final int BUSY_TIMEOUT_MILLIS = 10_000;
  /** SQLite's {@code SQLITE_OPEN_READONLY | SQLITE_OPEN_URI}. */
  private static final int OPEN_READ_ONLY = 0x01 | 0x40;

  private final String where;
  private final SqliteFile file;
  private final SqliteOptions options;
  private final Tables tables;
  private final BlockingQueue<Append> appends = new LinkedBlockingQueue<>();
  private final Connection writeConnection;
  private final ConnectionSource writeSource;
  private final Thread writer;
  private final Object readersLock = new Object();
  private ConnectionSource readers;
  private boolean immutableReaders;
  /** A read-only file store's one writable connection, for an operator's decisions on parked events. */
  private final ConnectionSource operator;
  private final JdbcSubscriptionStore subscriptions;
  private volatile boolean closed;

  private SqliteEventStore(
      SqliteFile file,
      SqliteOptions options,
      ConnectionSource writeSource,
      Connection writeConnection,
      ConnectionSource readers,
      boolean immutableReaders,
      ConnectionSource operator) {
    this.file = file;
    this.where = file.path().toString();
    this.options = options;
    this.tables = options.tables();
    this.writeSource = writeSource;
    this.writeConnection = writeConnection;
    this.readers = readers;
    this.immutableReaders = immutableReaders;
    this.operator = operator;
    boolean readOnly = writeConnection == null;
    this.subscriptions =
        new JdbcSubscriptionStore(
            this::readers,
            operator == null ? this::readers : this::operator,
            tables,
            false,
            "the SQLite event store " + where,
            readOnly,
            this::requireOpen);
    this.writer =
        writeConnection == null
            ? null
            : new Thread(this::writeLoop, "torematrix-eventbus-sqlite-writer " + file.path().getFileName());
    if (writer != null) {
      writer.setDaemon(true);
    }
  }

  /** Opens (creating if needed, unless read-only) the store in {@code path}. */
  static SqliteEventStore open(Path path, SqliteOptions options) {
    Path absolute = path.toAbsolutePath();
    Path directory = absolute.getParent();
    String cannot = "cannot open the SQLite event store " + absolute + ": ";
    if (directory != null && !Files.isDirectory(directory)) {
      throw new EventStoreException(cannot + "directory " + directory + " does not exist");
    }
    Drivers.requireSqlite();
    if (options.isReadOnly()) {
      return openReadOnly(absolute, options);
    }
    Connection connection = null;
    try {
      connection = DriverManager.getConnection("jdbc:sqlite:" + absolute, properties(false));
      prepareWriter(connection, options, absolute.toString());
      SqliteFile file = SqliteFile.at(absolute);
      ConnectionSource readers =
          ConnectionSource.pooled(
              "jdbc:sqlite:" + absolute, properties(false), absolute.toString(), Secrets.none(), READERS);
      return start(new SqliteEventStore(file, options, null, connection, readers, false, null));
    } catch (SQLException e) {
      EventStoreException failure = new EventStoreException(cannot + Secrets.none().text(e), e);
      Failures.close(connection, failure);
      throw failure;
    } catch (RuntimeException | Error e) {
      Failures.close(connection, e);
      throw e;
    }
  }

  /** Opens a store on the connections of {@code dataSource}; the writer keeps one for its life. */
  static SqliteEventStore open(DataSource dataSource, SqliteOptions options) {
    ConnectionSource source = ConnectionSource.of(dataSource, "SQLite DataSource " + dataSource);
    Connection connection = source.borrow();
    String where = source.displayName;
    try {
      Path path = mainFile(connection);
      if (path != null) {
        where = path.toString();
      }
      SqliteFile file = SqliteFile.at(path == null ? Path.of(where) : path);
      if (options.isReadOnly()) {
        Schema.verify(connection, Schema.Dialect.SQLITE, options.tables(), where);
        source.release(connection, false);
        return new SqliteEventStore(file, options, source, null, source, false, null);
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute("PRAGMA busy_timeout=" + BUSY_TIMEOUT_MILLIS);
      }
      prepareWriter(connection, options, where);
      return start(new SqliteEventStore(file, options, source, connection, source, false, null));
    } catch (SQLException e) {
      EventStoreException failure =
          new EventStoreException("cannot open the SQLite event store " + where + ": " + Secrets.none().text(e), e);
      source.release(connection, true);
      throw failure;
    } catch (RuntimeException | Error e) {
      source.release(connection, true);
      throw e;
    }
  }

  private static SqliteEventStore start(SqliteEventStore store) {
    store.writer.start();
    return store;
  }

  /** The file of the connection's main database, or {@code null} for one in memory. */
  private static Path mainFile(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("PRAGMA database_list")) {
      while (rows.next()) {
        if ("main".equals(rows.getString(2))) {
          String name = rows.getString(3);
          return name == null || name.isEmpty() ? null : Path.of(name);
        }
      }
      return null;
    }
  }

  private static void prepareWriter(Connection connection, SqliteOptions options, String where) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA journal_mode=WAL");
      // the savepoint of each append in a group journals the pages it changes: in memory,
      // not in a temporary file (measured: 54 -> 45 us per event for 100-event appends)
      statement.execute("PRAGMA temp_store=MEMORY");
      statement.execute("PRAGMA synchronous=" + (options.isSynchronousFull() ? "FULL" : "NORMAL"));
    }
    Schema.migrate(connection, Schema.Dialect.SQLITE, options.tables(), where);
  }

  /**
   * A read-only store: the file must exist and look like a SQLite database before SQLite opens it,
   * and hold an event store. A WAL-mode file without a {@code -wal} file (no writer has it open)
   * is opened {@code immutable}, so that SQLite creates no {@code -wal} or {@code -shm} file; once
   * a writer opens it, reads switch to ordinary read-only connections.
   */
  private static SqliteEventStore openReadOnly(Path path, SqliteOptions options) {
    String where = path.toString();
    if (!Files.isRegularFile(path)) {
      throw new EventStoreException("no SQLite event store at " + where + ": the file does not exist");
    }
    boolean immutable;
    SqliteFile opened = SqliteFile.at(path);
    try {
      String notSqlite = SqliteFile.notSqlite(path);
      if (notSqlite != null) {
        throw Schema.notAnEventStore(where, notSqlite);
      }
      immutable = SqliteFile.isWal(path) && !Files.exists(opened.wal());
    } catch (IOException e) {
      throw new EventStoreException("cannot read the SQLite event store " + where + ": " + e, e);
    }
    ConnectionSource readers = readOnlyReaders(path, immutable);
    try {
      readers.with(
          connection -> {
            Schema.verify(connection, Schema.Dialect.SQLITE, options.tables(), where);
            return null;
          });
    } catch (SQLException e) {
      readers.close();
      if (e.getErrorCode() == 26) { // SQLITE_NOTADB
        throw Schema.notAnEventStore(where, "it is not a SQLite database");
      }
      throw new EventStoreException("cannot open the SQLite event store " + where + ": " + Secrets.none().text(e), e);
    } catch (RuntimeException | Error e) {
      readers.close();
      throw e;
    }
    // opened only if an operator retries or discards a parked event; it changes no schema
    ConnectionSource operator =
        ConnectionSource.pooled("jdbc:sqlite:" + path, properties(false), where, Secrets.none(), 1);
    return new SqliteEventStore(opened, options, null, null, readers, immutable, operator);
  }

  private static ConnectionSource readOnlyReaders(Path path, boolean immutable) {
    String url =
        immutable ? "jdbc:sqlite:file:" + path.toUri().getRawPath() + "?immutable=1" : "jdbc:sqlite:" + path;
    return ConnectionSource.pooled(url, properties(true), path.toString(), Secrets.none(), READERS);
  }

  private static Properties properties(boolean readOnly) {
    Properties properties = new Properties();
    properties.setProperty("busy_timeout", String.valueOf(BUSY_TIMEOUT_MILLIS));
    if (readOnly) {
      properties.setProperty("open_mode", String.valueOf(OPEN_READ_ONLY));
    }
    return properties;
  }

  // ------------------------------------------------------------------ appending

  /** One caller's append, waiting for the writer. */
  private static final class Append {
    final String streamId;
    final ExpectedVersion expected;
    final List<EventRecord> records;
    final CompletableFuture<List<EventRecord>> result = new CompletableFuture<>();
    List<EventRecord> stored;
    /** One record this append inserted, if it inserted any: a commit that failed is settled by it. */
    EventRecord inserted;
    Throwable failure;

    Append(String streamId, ExpectedVersion expected, List<EventRecord> records) {
      this.streamId = streamId;
      this.expected = expected;
      this.records = records;
    }
  }

  @Override
  public List<EventRecord> append(String streamId, ExpectedVersion expected, List<EventRecord> records) {
    return submit(streamId, expected, records).stored;
  }

  /**
   * One append of one record, without a stream: the insert leaves a duplicate id out ({@code ON
   * CONFLICT DO NOTHING}), so the record was stored by this call exactly when the insert inserted
   * it.
   */
  @Override
  public Optional<EventRecord> appendIfAbsent(EventRecord record) {
    Objects.requireNonNull(record, "record");
    Append append = submit(null, ExpectedVersion.any(), List.of(record));
    return append.inserted == null ? Optional.empty() : Optional.of(append.stored.get(0));
  }

  /** Hands an append to the writer and waits for it; returns it settled, or throws its failure. */
  private Append submit(String streamId, ExpectedVersion expected, List<EventRecord> records) {
    Objects.requireNonNull(expected, "expected");
    if (streamId == null && !expected.isAny()) {
      throw new IllegalArgumentException("an expected version needs a stream; got " + expected + " without one");
    }
    Rows.check(streamId, records);
    requireOpen();
    if (writer == null) {
      throw new EventStoreException("the SQLite event store " + where + " is open read-only: it cannot append");
    }
    Append append = new Append(streamId, expected, List.copyOf(records));
    appends.add(append);
    if (!writer.isAlive()) {
      appends.remove(append);
      throw new EventStoreException("the SQLite event store " + where + " is closed");
    }
    try {
      append.result.join();
      return append;
    } catch (CompletionException e) {
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw (RuntimeException) e.getCause();
    }
  }

  private void writeLoop() {
    try {
      while (true) {
        List<Append> group = new ArrayList<>();
        group.add(appends.take());
        appends.drainTo(group, options.maxGroupSize() - 1);
        boolean stop = group.remove(STOP);
        if (!group.isEmpty()) {
          commit(group);
        }
        if (stop) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      failPending();
      if (writeSource == null) {
        Failures.close(writeConnection, null);
      } else {
        writeSource.release(writeConnection, false);
      }
    }
  }

  private void failPending() {
    Append left;
    while ((left = appends.poll()) != null) {
      left.result.completeExceptionally(
          new EventStoreException("the SQLite event store " + where + " closed before appending"));
    }
  }

  /**
   * Commits {@code group} in one {@code IMMEDIATE} transaction (it takes the write lock at once);
   * each append of a group of several has its savepoint, so each succeeds or fails on its own. An
   * append alone needs none: the transaction is its savepoint, and a savepoint copies every page
   * the append changes into a statement journal (kept in memory, see {@code temp_store}). A
   * failure of the transaction itself fails every append of the group with the first error; one
   * of {@code COMMIT} is settled ({@link #settle}).
   */
  private void commit(List<Append> group) {
    boolean alone = group.size() == 1;
    boolean open = false;
    try (Statement transaction = writeConnection.createStatement()) {
      try {
        transaction.execute("BEGIN IMMEDIATE");
        open = true;
        for (Append append : group) {
          applyOne(transaction, append, alone);
        }
        if (alone && group.get(0).failure != null) {
          open = false;
          Failures.execute(transaction, "ROLLBACK", group.get(0).failure);
        } else {
          file.requireUnmoved();
        }
      } catch (SQLException | RuntimeException | Error e) {
        if (open) {
          Failures.execute(transaction, "ROLLBACK", e);
        }
        failAll(group, e);
        return;
      }
      if (open) {
        try {
          transaction.execute("COMMIT");
        } catch (SQLException e) {
          settle(transaction, group, e);
          return;
        }
      }
    } catch (SQLException e) { // creating or closing the statement
      failAll(group, e);
      return;
    }
    for (Append append : group) {
      if (append.failure != null) {
        append.result.completeExceptionally(append.failure);
      } else {
        append.result.complete(append.stored);
      }
    }
  }

  /**
   * Applies one append of a group; its own failure is kept in {@link Append#failure}. Throws what
   * leaves the group's transaction in doubt: the savepoint could not be rolled back to or released.
   */
  private void applyOne(Statement transaction, Append append, boolean alone) throws SQLException {
    if (!alone) {
      transaction.execute("SAVEPOINT append");
    }
    try {
      append.stored = apply(append);
    } catch (SQLException | RuntimeException e) {
      append.failure = e instanceof SQLException sql ? appendFailure(sql) : e;
      append.stored = null;
      append.inserted = null;
      if (!alone) {
        try {
          transaction.execute("ROLLBACK TO append");
        } catch (SQLException rollback) {
          if (e instanceof SQLException sql) {
            sql.addSuppressed(rollback);
            throw sql;
          }
          throw rollback;
        }
      }
    }
    if (!alone) {
      transaction.execute("RELEASE append");
    }
  }

  /**
   * A {@code COMMIT} that failed: SQLite normally rolls the transaction back, but the store makes
   * sure before answering, by rolling back what may be left and looking up an event the group
   * inserted. If it is there, the group was stored; if not, every append fails with the commit's
   * error; if it cannot be looked up, the failure says the outcome is unknown.
   */
  private void settle(Statement transaction, List<Append> group, SQLException commitFailure) {
    Failures.execute(transaction, "ROLLBACK", commitFailure);
    EventRecord probe = null;
    for (Append append : group) {
      if (append.failure == null && append.inserted != null) {
        probe = append.inserted;
        break;
      }
    }
    boolean stored;
    if (probe == null) {
      stored = true; // nothing inserted: the results found in the transaction stand
    } else {
      try {
        stored = !findByIds(List.of(probe)).isEmpty();
      } catch (SQLException e) {
        commitFailure.addSuppressed(e);
        EventStoreException unknown =
            new EventStoreException(
                "could not learn whether an append to the SQLite event store "
                    + where
                    + " was stored: its commit failed ("
                    + Secrets.none().text(commitFailure)
                    + ") and the file could not be read; appending the same events again is safe"
                    + " (an event id is stored once)",
                commitFailure);
        group.forEach(a -> a.result.completeExceptionally(a.failure != null ? a.failure : unknown));
        return;
      }
    }
    if (!stored) {
      failAll(group, commitFailure);
      return;
    }
    for (Append append : group) {
      if (append.failure != null) {
        append.result.completeExceptionally(append.failure);
      } else {
        append.result.complete(append.stored);
      }
    }
  }

  /**
   * Fails every append of {@code group} with the first error of its transaction, or, one that had
   * failed on its own already, with its own.
   */
  private void failAll(List<Append> group, Throwable first) {
    Throwable failure = first instanceof SQLException sql ? appendFailure(sql) : first;
    group.forEach(a -> a.result.completeExceptionally(a.failure != null ? a.failure : failure));
  }

  private EventStoreException appendFailure(SQLException e) {
    return new EventStoreException("could not append to the SQLite event store " + where + ": " + Secrets.none().text(e), e);
  }

  /**
   * Stores one append inside the group's transaction. Positions are assigned here, in order: the
   * transaction is {@code IMMEDIATE}, so no other connection writes until it ends, and the records
   * go in as one JDBC batch. Without a stream, a duplicate id is left out by the insert itself
   * ({@code ON CONFLICT DO NOTHING}) and looked up afterwards; in a stream, duplicates are looked
   * up first, so that they take no stream version.
   */
  private List<EventRecord> apply(Append append) throws SQLException {
    boolean inStream = append.streamId != null;
    Map<UUID, EventRecord> known = inStream ? findByIds(append.records) : new HashMap<>();
    List<EventRecord> fresh = new ArrayList<>();
    for (EventRecord record : append.records) {
      if (!known.containsKey(record.eventId())) {
        known.put(record.eventId(), null);
        fresh.add(record);
      }
    }
    if (fresh.isEmpty()) {
      return Rows.asStored(append.records, known);
    }
    long version = 0;
    if (inStream) {
      version = streamVersion(append.streamId);
      if (!append.expected.accepts(version)) {
        throw new WrongExpectedVersionException(append.streamId, append.expected, version);
      }
    }
    long position = lastPosition();
    List<EventRecord> duplicates = new ArrayList<>();
    try (PreparedStatement insert =
        writeConnection.prepareStatement(
            "INSERT INTO "
                + tables.events()
                + " (position, "
                + Rows.INSERT_COLUMNS
                + ") VALUES (?, "
                + Rows.placeholders(11)
                + ") ON CONFLICT (event_id) DO NOTHING")) {
      for (EventRecord record : fresh) {
        long streamVersion = inStream ? ++version : 0;
        insert.setLong(1, ++position);
        Rows.bind(insert, record, append.streamId, streamVersion, false, 2);
        insert.addBatch();
        known.put(record.eventId(), record.placed(position, append.streamId, streamVersion));
      }
      int[] inserted = insert.executeBatch();
      for (int i = 0; i < inserted.length; i++) {
        if (inserted[i] == 0) {
          duplicates.add(fresh.get(i));
        } else if (append.inserted == null) {
          append.inserted = fresh.get(i);
        }
      }
    }
    if (!duplicates.isEmpty()) {
      known.putAll(findByIds(duplicates));
    }
    return Rows.asStored(append.records, known);
  }

  /** The records already stored with one of the ids of {@code records}. */
  private Map<UUID, EventRecord> findByIds(List<EventRecord> records) throws SQLException {
    return Rows.findByIds(writeConnection, tables.events(), records, false, 500);
  }

  /** The highest position ever given, deleted rows included. */
  private long lastPosition() throws SQLException {
    try (PreparedStatement select =
        writeConnection.prepareStatement("SELECT seq FROM sqlite_sequence WHERE name = ?")) {
      select.setString(1, tables.local("events"));
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? row.getLong(1) : 0;
      }
    }
  }

  private long streamVersion(String streamId) throws SQLException {
    try (PreparedStatement select =
        writeConnection.prepareStatement(
            "SELECT coalesce(max(stream_version), 0) FROM " + tables.events() + " WHERE stream_id = ?")) {
      select.setString(1, streamId);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  // ------------------------------------------------------------------ reading

  @Override
  public Cursor head() {
    requireOpen();
    String sql = "SELECT max(position) FROM " + tables.events();
    try {
      return readers()
          .with(
              connection -> {
                try (PreparedStatement select = connection.prepareStatement(sql);
                    ResultSet row = select.executeQuery()) {
                  return row.next() ? Cursor.ofPosition(row.getLong(1)) : Cursor.START;
                }
              });
    } catch (SQLException e) {
      throw new EventStoreException(
          "could not read the head of the SQLite event store " + where + ": " + Secrets.none().text(e), e);
    }
  }

  @Override
  public SubscriptionStore subscriptions() {
    return subscriptions;
  }

  @Override
  public List<EventRecord> read(EventQuery query) {
    requireOpen();
    QuerySql sql = QuerySql.of(query, tables.events(), false);
    try {
      return readers().with(sql::select);
    } catch (SQLException e) {
      throw new EventStoreException("could not read the SQLite event store " + where + ": " + Secrets.none().text(e), e);
    }
  }

  /**
   * The readers; an immutable reader of a file no writer had open is replaced by ordinary ones as
   * soon as a writer has opened it, so that its commits are seen.
   */
  private ConnectionSource readers() {
    synchronized (readersLock) {
      if (immutableReaders && file.writtenSinceOpened()) {
        readers.close();
        readers = readOnlyReaders(file.path(), false);
        immutableReaders = false;
      }
      return readers;
    }
  }

  /**
   * The connection for an operator's decisions on a read-only store's parked events. Immutable
   * readers are given up first: they assume nobody writes the file.
   */
  private ConnectionSource operator() {
    synchronized (readersLock) {
      if (immutableReaders) {
        readers.close();
        readers = readOnlyReaders(file.path(), false);
        immutableReaders = false;
      }
    }
    return operator;
  }

  // ------------------------------------------------------------------ lifecycle

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (writer != null) {
      appends.add(STOP);
      try {
        writer.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (readersLock) {
      readers.close();
    }
    if (operator != null) {
      operator.close(); // last: the last connection to close checkpoints and removes the -wal file
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new EventStoreException("the SQLite event store " + where + " is closed");
    }
  }

  @Override
  public String toString() {
    return "SqliteEventStore[" + where + (writer == null ? ", read-only" : "") + (closed ? ", closed" : "") + "]";
  }
}
