package io.torematrix.eventbus.store.jdbc;

import static io.torematrix.eventbus.store.jdbc.Records.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.EventStoreException;
import io.torematrix.eventbus.ExpectedVersion;
import io.torematrix.eventbus.spi.EventStore;
import io.torematrix.eventbus.spi.EventRecord;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** What is particular to the SQLite store: its file, its durability settings, its faults. */
class SqliteStoreTest {
  @TempDir Path directory;

  private String pragma(Path file, String name) throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("PRAGMA " + name)) {
      row.next();
      return row.getString(1);
    }
  }

  @Test
  void theFileRunsInWalModeAndKeepsItsEventsAcrossReopening() throws Exception {
    Path file = directory.resolve("events.db");
    try (EventStore store = JdbcEventStores.sqlite(file)) {
      store.append(null, ExpectedVersion.any(), List.of(record("a", "t", "{}")));
    }
    assertEquals("wal", pragma(file, "journal_mode"));
    try (EventStore reopened = JdbcEventStores.sqlite(file)) {
      assertEquals(1, reopened.read(EventQuery.all()).size());
      assertEquals(2, reopened.append(null, ExpectedVersion.any(), List.of(record("b", "t", "{}"))).get(0).position());
    }
  }

  @Test
  void aMissingDirectoryIsReportedClearly() {
    Path file = directory.resolve("no/such/dir/events.db");
    EventStoreException e = assertThrows(EventStoreException.class, () -> JdbcEventStores.sqlite(file));
    assertEquals(
        "cannot open the SQLite event store "
            + file.toAbsolutePath()
            + ": directory "
            + file.toAbsolutePath().getParent()
            + " does not exist",
        e.getMessage());
  }

  @Test
  void aCorruptStoredRowIsReportedWithItsPosition() throws Exception {
    Path file = directory.resolve("events.db");
    try (EventStore store = JdbcEventStores.sqlite(file)) {
      store.append(null, ExpectedVersion.any(), List.of(record("a", "t", "{}"), record("b", "t", "{}")));
      try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
          Statement statement = connection.createStatement()) {
        statement.execute("UPDATE eventbus_events SET headers = '[1, 2' WHERE position = 2");
      }
      EventStoreException e = assertThrows(EventStoreException.class, () -> store.read(EventQuery.all()));
      assertEquals(
          "the stored row at position 2 is corrupt: expected ']' at character 5 but found the end",
          e.getMessage());
      assertEquals(1, store.read(EventQuery.all().limit(1)).size(), "the rows before it still read");
    }
  }

  @Test
  void aSchemaNewerThanTheCodeIsRefused() throws Exception {
    Path file = directory.resolve("events.db");
    JdbcEventStores.sqlite(file).close();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      statement.execute("UPDATE eventbus_schema SET version = 9");
    }
    SchemaVersionException e = assertThrows(SchemaVersionException.class, () -> JdbcEventStores.sqlite(file));
    assertEquals(9, e.foundVersion());
    assertEquals(
        "the event store's schema at "
            + file.toAbsolutePath()
            + " is version 9, newer than version 2 that this eventbus-store-jdbc knows: upgrade the"
            + " library",
        e.getMessage());
  }

  @Test
  void synchronousFullIsAnOption() throws Exception {
    Path file = directory.resolve("events.db");
    try (EventStore store = JdbcEventStores.sqlite(file, SqliteOptions.defaults().synchronousFull())) {
      store.append(null, ExpectedVersion.any(), List.of(record("a", "t", "{}")));
      assertEquals(1, store.read(EventQuery.all()).size());
    }
    assertEquals(true, SqliteOptions.defaults().synchronousFull().isSynchronousFull());
    assertEquals(false, SqliteOptions.defaults().isSynchronousFull());
  }

  // ------------------------------------------------------------------ faults

  private static List<String> types(List<EventRecord> records) {
    return records.stream().map(EventRecord::typeName).toList();
  }

  @Test
  void anIoErrorIsReportedAsItselfNotAsTheRollbackThatFollows() {
    Path file = directory.resolve("events.db");
    SqliteFaults disk = new SqliteFaults(file);
    try (EventStore store = JdbcEventStores.sqlite(disk, SqliteOptions.defaults())) {
      store.append(null, ExpectedVersion.any(), List.of(record("before", "t", "{}")));
      disk.arm("INSERT", "[SQLITE_IOERR_WRITE] A disk I/O error occurred (simulated)", false);
      disk.arm("ROLLBACK", "[SQLITE_ERROR] cannot rollback - no transaction is active (simulated)", true);

      EventStoreException e =
          assertThrows(
              EventStoreException.class,
              () -> store.append(null, ExpectedVersion.any(), List.of(record("lost", "t", "{}"))));

      assertTrue(disk.fired());
      assertEquals(
          "could not append to the SQLite event store "
              + file.toAbsolutePath()
              + ": [SQLITE_IOERR_WRITE] A disk I/O error occurred (simulated)",
          e.getMessage());
      assertEquals(
          "[SQLITE_ERROR] cannot rollback - no transaction is active (simulated)",
          e.getSuppressed()[0].getMessage(),
          "the rollback's error is kept, as suppressed");
      assertEquals(List.of("before"), types(store.read(EventQuery.all())));
      store.append(null, ExpectedVersion.any(), List.of(record("after", "t", "{}")));
      assertEquals(List.of("before", "after"), types(store.read(EventQuery.all())));
    }
  }

  @Test
  void aCommitThatFailsAfterWritingIsSettledAsStored() {
    Path file = directory.resolve("events.db");
    SqliteFaults disk = new SqliteFaults(file);
    try (EventStore store = JdbcEventStores.sqlite(disk, SqliteOptions.defaults())) {
      disk.arm("COMMIT", "[SQLITE_IOERR_FSYNC] A disk I/O error occurred (simulated)", true);

      EventRecord record = record("kept", "t", "{}");
      List<EventRecord> stored = store.append(null, ExpectedVersion.any(), List.of(record));

      assertTrue(disk.fired());
      assertEquals(record.eventId(), stored.get(0).eventId());
      assertEquals(List.of("kept"), types(store.read(EventQuery.all())));
    }
  }

  @Test
  void aCommitThatFailsBeforeWritingIsSettledAsNotStoredWithItsOwnError() {
    Path file = directory.resolve("events.db");
    SqliteFaults disk = new SqliteFaults(file);
    try (EventStore store = JdbcEventStores.sqlite(disk, SqliteOptions.defaults())) {
      disk.arm("COMMIT", "[SQLITE_FULL] database or disk is full (simulated)", false);

      EventStoreException e =
          assertThrows(
              EventStoreException.class,
              () -> store.append(null, ExpectedVersion.any(), List.of(record("lost", "t", "{}"))));

      assertEquals(
          "could not append to the SQLite event store "
              + file.toAbsolutePath()
              + ": [SQLITE_FULL] database or disk is full (simulated)",
          e.getMessage());
      assertEquals(List.of(), store.read(EventQuery.all()));
    }
  }

  @Test
  void anErrorThrownByCommitIsSettledAndTheWriterCarriesOn() throws Exception {
    Path file = directory.resolve("events.db");
    SqliteFaults disk = new SqliteFaults(file);
    ExecutorService appender = Executors.newSingleThreadExecutor();
    try (EventStore store = JdbcEventStores.sqlite(disk, SqliteOptions.defaults())) {
      disk.armError("COMMIT", "thrown by COMMIT before it ran (simulated)", false);
      Future<?> lost = appender.submit(() -> store.append(null, ExpectedVersion.any(), List.of(record("lost", "t", "{}"))));
      ExecutionException e = assertThrows(ExecutionException.class, () -> lost.get(30, TimeUnit.SECONDS));
      assertEquals("thrown by COMMIT before it ran (simulated)", e.getCause().getMessage());
      assertTrue(e.getCause() instanceof AssertionError, e.getCause().toString());

      disk.armError("COMMIT", "thrown by COMMIT after it ran (simulated)", true);
      Future<List<EventRecord>> kept =
          appender.submit(() -> store.append(null, ExpectedVersion.any(), List.of(record("kept", "t", "{}"))));
      assertEquals(1, kept.get(30, TimeUnit.SECONDS).size(), "stored, so acknowledged");

      store.append(null, ExpectedVersion.any(), List.of(record("after", "t", "{}")));
      assertEquals(List.of("kept", "after"), types(store.read(EventQuery.all())));
    } finally {
      appender.shutdownNow();
    }
  }

  @Test
  void theFirstAppendAfterTheDirectoryIsRemovedFails() throws Exception {
    Path home = Files.createDirectory(directory.resolve("home"));
    Path file = home.resolve("events.db");
    try (EventStore store = JdbcEventStores.sqlite(file)) {
      List<EventRecord> before = store.append(null, ExpectedVersion.any(), List.of(record("before", "t", "{}")));
      try (Stream<Path> paths = Files.walk(home)) {
        paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }

      for (int i = 0; i < 3; i++) {
        EventStoreException e =
            assertThrows(
                EventStoreException.class,
                () -> store.append(null, ExpectedVersion.any(), List.of(record("lost", "t", "{}"))));
        assertEquals(
            "the SQLite event store file "
                + file.toAbsolutePath()
                + " was removed while the store had it open: nothing was appended, and nothing more can"
                + " be; close the store",
            e.getMessage());
      }
      assertEquals(1, before.size());
    }
  }

  @Test
  void aFileReplacedWhileOpenIsNoticedToo() throws Exception {
    Path file = directory.resolve("events.db");
    try (EventStore store = JdbcEventStores.sqlite(file)) {
      store.append(null, ExpectedVersion.any(), List.of(record("before", "t", "{}")));
      Path aside = directory.resolve("aside.db");
      Files.move(file, aside);
      Files.copy(aside, file);

      EventStoreException e =
          assertThrows(
              EventStoreException.class,
              () -> store.append(null, ExpectedVersion.any(), List.of(record("lost", "t", "{}"))));
      assertTrue(e.getMessage().contains(" was replaced by another file while the store had it open"), e.getMessage());
    }
  }

  private static long openFiles() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  @Test
  void aFailedOpenLeaksNoFileDescriptor() throws Exception {
    Path notADatabase = directory.resolve("notes.db");
    Files.writeString(notADatabase, "these are notes, not a database; ".repeat(10));
    Path newer = directory.resolve("newer.db");
    JdbcEventStores.sqlite(newer).close();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + newer);
        Statement statement = connection.createStatement()) {
      statement.execute("UPDATE eventbus_schema SET version = 9");
    }
    assertThrows(EventStoreException.class, () -> JdbcEventStores.sqlite(notADatabase)); // loads the driver

    long before = openFiles();
    for (int i = 0; i < 20; i++) {
      assertThrows(EventStoreException.class, () -> JdbcEventStores.sqlite(notADatabase));
      assertThrows(SchemaVersionException.class, () -> JdbcEventStores.sqlite(newer));
      assertThrows(SchemaVersionException.class, () -> JdbcEventStores.sqlite(notADatabase, SqliteOptions.defaults().readOnly()));
      assertThrows(SchemaVersionException.class, () -> JdbcEventStores.sqlite(newer, SqliteOptions.defaults().readOnly()));
    }
    assertEquals(before, openFiles(), "file descriptors open before and after 80 failed opens");
  }

  @Test
  void aDataSourceOfAnInMemoryDatabaseIsRefusedAndItsConnectionReturned() throws Exception {
    for (String url : List.of("jdbc:sqlite::memory:", "jdbc:sqlite:file::memory:?cache=shared", "jdbc:sqlite:")) {
      SQLiteDataSource memory = new SQLiteDataSource();
      memory.setUrl(url);
      List<Connection> given = new ArrayList<>();
      DataSource counting =
          (DataSource)
              Proxy.newProxyInstance(
                  getClass().getClassLoader(),
                  new Class<?>[] {DataSource.class},
                  (proxy, method, args) -> {
                    Object result = method.invoke(memory, args);
                    if (result instanceof Connection connection) {
                      given.add(connection);
                    }
                    return method.getName().equals("toString") ? "memory DataSource" : result;
                  });
      EventStoreException e =
          assertThrows(EventStoreException.class, () -> JdbcEventStores.sqlite(counting, SqliteOptions.defaults()), url);
      assertEquals(
          "cannot open the SQLite event store on SQLite DataSource memory DataSource: its database is in memory"
              + " (or temporary), not in a file, so each connection would see a database of its own and every"
              + " event would be lost at close; give it a DataSource whose URL names a file"
              + " (jdbc:sqlite:/path/events.db), or use EventStores.inMemory()",
          e.getMessage(),
          url);
      assertEquals(1, given.size(), url);
      assertTrue(given.get(0).isClosed(), url + ": the connection borrowed to look is closed");
    }
  }

  private static boolean writerAlive(String fileName) {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals("torematrix-eventbus-sqlite-writer " + fileName) && t.isAlive());
  }

  @Test
  void aSecondCloseReturnsOnlyOnceTheFirstHasFinished() throws Exception {
    Path file = directory.resolve("closing.db");
    EventStore store = JdbcEventStores.sqlite(file);
    ExecutorService appenders = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> pending = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        List<EventRecord> many = new ArrayList<>();
        for (int j = 0; j < 5_000; j++) {
          many.add(record("bulk", "t", "{\"n\":" + j + "}"));
        }
        pending.add(appenders.submit(() -> store.append(null, ExpectedVersion.any(), many)));
      }
      while (!writerBusy(file.getFileName().toString())) {
        Thread.onSpinWait();
      }
      Thread first = new Thread(store::close, "first close");
      first.start();
      while (!store.toString().endsWith(", closed]")) {
        Thread.onSpinWait();
      }

      store.close();

      assertFalse(first.isAlive() && writerAlive(file.getFileName().toString()),
          "the second close returned while the first was still stopping the writer");
      first.join(60_000);
      for (Future<?> append : pending) {
        try {
          append.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          assertTrue(e.getCause() instanceof EventStoreException, e.getCause().toString());
        }
      }
    } finally {
      appenders.shutdownNow();
      store.close();
    }
  }

  private static boolean writerBusy(String fileName) {
    return Thread.getAllStackTraces().entrySet().stream()
        .anyMatch(
            e -> e.getKey().getName().equals("torematrix-eventbus-sqlite-writer " + fileName)
                && Arrays.stream(e.getValue()).anyMatch(f -> f.getMethodName().equals("commit")));
  }

  @Test
  void anAppendRacingCloseIsAnsweredNeverLeftWaiting() throws Exception {
    ExecutorService appenders = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 60; round++) {
        EventStore store = JdbcEventStores.sqlite(directory.resolve("race-" + round + ".db"));
        CountDownLatch started = new CountDownLatch(4);
        List<Future<Integer>> counts = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          counts.add(
              appenders.submit(
                  () -> {
                    started.countDown();
                    int stored = 0;
                    while (true) {
                      try {
                        store.append(null, ExpectedVersion.any(), List.of(record("r", "t", "{}")));
                        stored++;
                      } catch (EventStoreException closed) {
                        return stored;
                      }
                    }
                  }));
        }
        started.await();
        store.close();
        int acknowledged = 0;
        for (Future<Integer> count : counts) {
          acknowledged += count.get(30, TimeUnit.SECONDS); // an append left waiting times out here
        }
        try (EventStore reopened = JdbcEventStores.sqlite(directory.resolve("race-" + round + ".db"))) {
          assertEquals(acknowledged, reopened.read(EventQuery.all()).size(), "round " + round);
        }
      }
    } finally {
      appenders.shutdownNow();
    }
  }

  @Test
  void aFileThatIsNotADatabaseIsReportedClearly() throws Exception {
    Path notADatabase = directory.resolve("notes.db");
    Files.writeString(notADatabase, "these are notes, not a database; ".repeat(10));
    EventStoreException e = assertThrows(EventStoreException.class, () -> JdbcEventStores.sqlite(notADatabase));
    assertEquals(
        "cannot open the SQLite event store "
            + notADatabase.toAbsolutePath()
            + ": [SQLITE_NOTADB] File opened that is not a database file (file is not a database)",
        e.getMessage());
  }

  // ------------------------------------------------------------------ read-only

  private List<String> filesIn(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private void assertRefusedReadOnly(Path file, String message) throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    List<String> files = filesIn(file.getParent());
    SchemaVersionException e =
        assertThrows(SchemaVersionException.class, () -> JdbcEventStores.sqlite(file, SqliteOptions.defaults().readOnly()));
    assertEquals(message, e.getMessage());
    assertTrue(Arrays.equals(bytes, Files.readAllBytes(file)), "the file is unchanged");
    assertEquals(files, filesIn(file.getParent()), "no file appeared beside it");
  }

  @Test
  void readOnlyRefusesWhatIsNotAnEventStoreAndChangesNothing() throws Exception {
    Path empty = Files.createFile(directory.resolve("empty.db"));
    assertRefusedReadOnly(empty, empty.toAbsolutePath() + " is not an event store: the file is empty");

    Path text = directory.resolve("notes.txt");
    Files.write(text, "hello".getBytes(StandardCharsets.UTF_8));
    assertRefusedReadOnly(text, text.toAbsolutePath() + " is not an event store: it is not a SQLite database");

    Path other = directory.resolve("other.db");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + other);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");
    }
    assertRefusedReadOnly(other, other.toAbsolutePath() + " is not an event store: it has no table eventbus_schema");

    Path otherWal = directory.resolve("other-wal.db");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + otherWal);
        Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA journal_mode=WAL");
      statement.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");
    }
    assertRefusedReadOnly(otherWal, otherWal.toAbsolutePath() + " is not an event store: it has no table eventbus_schema");
  }

  @Test
  void readOnlyRefusesANewerSchemaAndChangesNothing() throws Exception {
    Path file = directory.resolve("events.db");
    JdbcEventStores.sqlite(file).close();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      statement.execute("UPDATE eventbus_schema SET version = 9");
    }
    assertRefusedReadOnly(
        file,
        "the event store's schema at "
            + file.toAbsolutePath()
            + " is version 9, newer than version 2 that this eventbus-store-jdbc knows: upgrade the library");
  }

  @Test
  void readOnlyReadsAClosedStoreLeavingNoFileBehindAndSeesAWriterThatOpensLater() throws Exception {
    Path file = directory.resolve("events.db");
    try (EventStore writer = JdbcEventStores.sqlite(file)) {
      writer.append(null, ExpectedVersion.any(), List.of(record("first", "t", "{}")));
    }
    assertEquals(List.of("events.db"), filesIn(directory));
    try (EventStore reader = JdbcEventStores.sqlite(file, SqliteOptions.defaults().readOnly())) {
      assertEquals(List.of("first"), types(reader.read(EventQuery.all())));
      assertEquals(List.of("events.db"), filesIn(directory), "no -wal or -shm file while reading");
      EventStoreException refused =
          assertThrows(EventStoreException.class, () -> reader.append(null, ExpectedVersion.any(), List.of(record("x", "t", "{}"))));
      assertEquals("the SQLite event store " + file.toAbsolutePath() + " is open read-only: it cannot append", refused.getMessage());

      try (EventStore writer = JdbcEventStores.sqlite(file)) {
        writer.append(null, ExpectedVersion.any(), List.of(record("second", "t", "{}")));
        assertEquals(List.of("first", "second"), types(reader.read(EventQuery.all())), "a live writer is seen");
      }
      assertEquals(List.of("first", "second"), types(reader.read(EventQuery.all())));
    }
    try (EventStore reader = JdbcEventStores.sqlite(file, SqliteOptions.defaults().readOnly())) {
      assertEquals(List.of("first", "second"), types(reader.read(EventQuery.all())), "read through the writer's -wal");
    }
  }

  @Test
  void twoStoresShareAFileThroughTablePrefixes() {
    Path file = directory.resolve("app.db");
    try (EventStore orders = JdbcEventStores.sqlite(file, SqliteOptions.defaults().tablePrefix("orders_"));
        EventStore audit = JdbcEventStores.sqlite(file, SqliteOptions.defaults().tablePrefix("audit_"))) {
      orders.append("o-1", ExpectedVersion.noStream(), List.of(record("placed", "t", "{}")));
      audit.append("o-1", ExpectedVersion.noStream(), List.of(record("logged", "t", "{}")));
      assertEquals(List.of("placed"), types(orders.read(EventQuery.all())));
      assertEquals(List.of("logged"), types(audit.read(EventQuery.all())));
    }
    IllegalArgumentException bad =
        assertThrows(IllegalArgumentException.class, () -> SqliteOptions.defaults().tablePrefix("Orders; DROP"));
    assertEquals(
        "invalid table prefix \"Orders; DROP\": use 1 to 40 lower-case letters, digits and '_', not starting"
            + " with a digit",
        bad.getMessage());
  }

  @Test
  void aTablePrefixThatSqliteReservesForItselfIsRefusedWhenConfigured() {
    IllegalArgumentException reserved =
        assertThrows(IllegalArgumentException.class, () -> SqliteOptions.defaults().tablePrefix("sqlite_"));
    assertEquals(
        "invalid table prefix \"sqlite_\": SQLite reserves table names starting with 'sqlite_' for"
            + " itself",
        reserved.getMessage());
  }
}
