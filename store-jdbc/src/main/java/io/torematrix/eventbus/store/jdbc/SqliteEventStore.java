package io.torematrix.eventbus.store.jdbc;

import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.EventStoreException;
import io.torematrix.eventbus.ExpectedVersion;
import io.torematrix.eventbus.WrongExpectedVersionException;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.EventStore;
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
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.sqlite.Function;

/**
 * The SQLite store: one file in WAL mode. One writer thread owns the only write connection and
 * commits the appends waiting for it together, in one transaction with a savepoint each, so that
 * concurrent publishers share commits while each append stays atomic and is judged on its own.
 * Positions are assigned in commit order by that one writer, so readers, on their own connections,
 * never see a gap that a later commit fills.
 */
final class SqliteEventStore implements EventStore {
  private static final Append STOP = new Append(null, ExpectedVersion.any(), List.of());
  private static final int READERS = 4;

  private final Path file;
  private final SqliteOptions options;
  private final BlockingQueue<Append> appends = new LinkedBlockingQueue<>();
  private final BlockingQueue<Connection> idleReaders = new LinkedBlockingQueue<>();
  private final List<Connection> allReaders = new ArrayList<>();
  private final Map<String, Pattern> regexes = new ConcurrentHashMap<>();
  private final Connection writeConnection;
  private final Thread writer;
  private volatile boolean closed;

  private SqliteEventStore(Path file, SqliteOptions options, Connection writeConnection) {
    this.file = file;
    this.options = options;
    this.writeConnection = writeConnection;
    this.writer = new Thread(this::writeLoop, "torematrix-eventbus-sqlite-writer " + file.getFileName());
    this.writer.setDaemon(true);
  }

  /** Opens (creating if needed) the store in {@code file}. */
  static SqliteEventStore open(Path file, SqliteOptions options) {
    Path absolute = file.toAbsolutePath();
    Path directory = absolute.getParent();
    if (directory != null && !Files.isDirectory(directory)) {
      throw new EventStoreException(
          "cannot open the SQLite event store " + absolute + ": directory " + directory + " does not exist");
    }
    Connection connection;
    try {
      connection = connect(absolute);
      try (Statement statement = connection.createStatement()) {
        statement.execute("PRAGMA journal_mode=WAL");
        // the savepoint of each append in a group journals the pages it changes: in memory,
        // not in a temporary file (measured: 54 -> 45 us per event for 100-event appends)
        statement.execute("PRAGMA temp_store=MEMORY");
        statement.execute("PRAGMA synchronous=" + (options.isSynchronousFull() ? "FULL" : "NORMAL"));
      }
      Schema.migrateSqlite(connection);
    } catch (SQLException e) {
      throw new EventStoreException(
          "cannot open the SQLite event store " + absolute + ": " + e.getMessage(), e);
    }
    SqliteEventStore store = new SqliteEventStore(absolute, options, connection);
    store.writer.start();
    return store;
  }

  private static Connection connect(Path file) throws SQLException {
    Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
    try (Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA busy_timeout=10000");
    }
    return connection;
  }

  // ------------------------------------------------------------------ appending

  /** One caller's append, waiting for the writer. */
  private static final class Append {
    final String streamId;
    final ExpectedVersion expected;
    final List<EventRecord> records;
    final CompletableFuture<List<EventRecord>> result = new CompletableFuture<>();
    List<EventRecord> stored;
    RuntimeException failure;

    Append(String streamId, ExpectedVersion expected, List<EventRecord> records) {
      this.streamId = streamId;
      this.expected = expected;
      this.records = records;
    }
  }

  @Override
  public List<EventRecord> append(String streamId, ExpectedVersion expected, List<EventRecord> records) {
    if (streamId == null && !expected.isAny()) {
      throw new IllegalArgumentException("an expected version needs a stream; got " + expected + " without one");
    }
    requireOpen();
    Append append = new Append(streamId, expected, List.copyOf(records));
    appends.add(append);
    if (!writer.isAlive()) {
      appends.remove(append);
      throw new EventStoreException("the SQLite event store " + file + " is closed");
    }
    try {
      return append.result.join();
    } catch (CompletionException e) {
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
      try {
        writeConnection.close();
      } catch (SQLException ignored) {
        // closing: nothing left to lose
      }
    }
  }

  private void failPending() {
    Append left;
    while ((left = appends.poll()) != null) {
      left.result.completeExceptionally(
          new EventStoreException("the SQLite event store " + file + " closed before appending"));
    }
  }

  /**
   * Commits {@code group} in one {@code IMMEDIATE} transaction (it takes the write lock at once);
   * each append of a group of several has its savepoint, so each succeeds or fails on its own. An
   * append alone needs none: the transaction is its savepoint, and a savepoint copies every page
   * the append changes into a statement journal (kept in memory, see {@code temp_store}).
   */
  private void commit(List<Append> group) {
    boolean alone = group.size() == 1;
    try (Statement transaction = writeConnection.createStatement()) {
      transaction.execute("BEGIN IMMEDIATE");
      try {
        for (Append append : group) {
          if (!alone) {
            transaction.execute("SAVEPOINT append");
          }
          try {
            append.stored = apply(append);
          } catch (SQLException | RuntimeException e) {
            transaction.execute(alone ? "ROLLBACK" : "ROLLBACK TO append");
            append.failure =
                e instanceof RuntimeException runtime
                    ? runtime
                    : new EventStoreException(
                        "could not append to the SQLite event store " + file + ": " + e.getMessage(), e);
          }
          if (!alone) {
            transaction.execute("RELEASE append");
          }
        }
        boolean rolledBack = alone && group.get(0).failure != null;
        if (!rolledBack) {
          transaction.execute("COMMIT");
        }
      } catch (SQLException e) {
        transaction.execute("ROLLBACK");
        throw e;
      }
    } catch (SQLException e) {
      EventStoreException failure =
          new EventStoreException(
              "could not commit to the SQLite event store " + file + ": " + e.getMessage(), e);
      group.forEach(a -> a.result.completeExceptionally(failure));
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
            "INSERT INTO eventbus_events (position, "
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
    return Rows.findByIds(writeConnection, records, false, 500);
  }

  /** The highest position ever given, deleted rows included. */
  private long lastPosition() throws SQLException {
    try (Statement statement = writeConnection.createStatement();
        ResultSet row =
            statement.executeQuery("SELECT seq FROM sqlite_sequence WHERE name = 'eventbus_events'")) {
      return row.next() ? row.getLong(1) : 0;
    }
  }

  private long streamVersion(String streamId) throws SQLException {
    try (PreparedStatement select =
        writeConnection.prepareStatement(
            "SELECT coalesce(max(stream_version), 0) FROM eventbus_events WHERE stream_id = ?")) {
      select.setString(1, streamId);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  // ------------------------------------------------------------------ reading

  @Override
  public List<EventRecord> read(EventQuery query) {
    requireOpen();
    Connection connection = borrowReader();
    try {
      return QuerySql.of(query, "REGEXP", false).select(connection);
    } catch (SQLException e) {
      throw new EventStoreException("could not read the SQLite event store " + file + ": " + e.getMessage(), e);
    } finally {
      idleReaders.add(connection);
    }
  }

  private Connection borrowReader() {
    Connection idle = idleReaders.poll();
    if (idle != null) {
      return idle;
    }
    synchronized (allReaders) {
      if (allReaders.size() < READERS) {
        try {
          Connection connection = connect(file);
          Function.create(
              connection,
              "REGEXP",
              new Function() {
                @Override
                protected void xFunc() throws SQLException {
                  Pattern pattern = regexes.computeIfAbsent(value_text(0), Pattern::compile);
                  String value = value_text(1);
                  result(value != null && pattern.matcher(value).matches() ? 1 : 0);
                }
              });
          allReaders.add(connection);
          return connection;
        } catch (SQLException e) {
          throw new EventStoreException("cannot open a reader on " + file + ": " + e.getMessage(), e);
        }
      }
    }
    try {
      Connection connection = idleReaders.poll(30, TimeUnit.SECONDS);
      if (connection == null) {
        throw new EventStoreException("no reader connection of " + file + " came free within 30 s");
      }
      return connection;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EventStoreException("interrupted while waiting for a reader connection of " + file, e);
    }
  }

  // ------------------------------------------------------------------ lifecycle

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    appends.add(STOP);
    try {
      writer.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (allReaders) {
      for (Connection reader : allReaders) {
        try {
          reader.close();
        } catch (SQLException ignored) {
          // closing: nothing left to lose
        }
      }
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new EventStoreException("the SQLite event store " + file + " is closed");
    }
  }

  @Override
  public String toString() {
    return "SqliteEventStore[" + file + (closed ? ", closed" : "") + "]";
  }
}
