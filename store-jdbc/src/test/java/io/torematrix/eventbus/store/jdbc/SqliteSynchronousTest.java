package io.torematrix.eventbus.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durable subscriptions' rows (checkpoints, leases, parked events) are written on the SQLite
 * store's reader connections, or on a read-only store's operator connection: those commit with the
 * store's {@code synchronous} setting, as its appends do, not with SQLite's default {@code FULL}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SqliteSynchronousTest {
  private static final int NORMAL = 1;
  private static final int FULL = 2;

  @TempDir Path directory;

  private static int synchronous(ConnectionSource source) throws SQLException {
    return source.with(
        connection -> {
          try (Statement statement = connection.createStatement();
              ResultSet row = statement.executeQuery("PRAGMA synchronous")) {
            row.next();
            return row.getInt(1);
          }
        });
  }

  @Test
  void theConnectionsThatWriteSubscriptionRowsCommitWithSynchronousNormalByDefault() throws Exception {
    try (SqliteEventStore store = SqliteEventStore.open(directory.resolve("e.db"), SqliteOptions.defaults())) {
      assertEquals(NORMAL, synchronous(store.readers()));
    }
  }

  @Test
  void withSynchronousFullTheyCommitWithFull() throws Exception {
    try (SqliteEventStore store =
        SqliteEventStore.open(directory.resolve("e.db"), SqliteOptions.defaults().synchronousFull())) {
      assertEquals(FULL, synchronous(store.readers()));
    }
  }

  @Test
  void aReadOnlyStoresOperatorConnectionFollowsItsOptions() throws Exception {
    Path file = directory.resolve("e.db");
    SqliteEventStore.open(file, SqliteOptions.defaults()).close();
    try (SqliteEventStore store = SqliteEventStore.open(file, SqliteOptions.defaults().readOnly())) {
      assertEquals(NORMAL, synchronous(store.operator()));
    }
  }
}
