package io.torematrix.eventbus.store.jdbc;

import static io.torematrix.eventbus.store.jdbc.Records.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.EventStoreException;
import io.torematrix.eventbus.ExpectedVersion;
import io.torematrix.eventbus.spi.EventStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    EventStoreException e = assertThrows(EventStoreException.class, () -> JdbcEventStores.sqlite(file));
    assertEquals(
        "the event store's schema is version 9, newer than version 1 that this"
            + " eventbus-store-jdbc knows: upgrade the library",
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
}
