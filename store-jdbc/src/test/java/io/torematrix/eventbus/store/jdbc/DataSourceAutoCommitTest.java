package io.torematrix.eventbus.store.jdbc;

import static io.torematrix.eventbus.store.jdbc.Records.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.Cursor;
import io.torematrix.eventbus.ExpectedVersion;
import io.torematrix.eventbus.spi.EventStore;
import io.torematrix.eventbus.spi.Lease;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store given a DataSource whose connections come with auto-commit off, from a pool that does
 * not reset them when they come back: what the store writes is committed, and every connection
 * goes back to the pool as it came. (HikariCP resets auto-commit itself; the contract tests run
 * through it with auto-commit off too.)
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DataSourceAutoCommitTest {
  @TempDir Path directory;

  /** Hands out new connections with auto-commit off, and records the mode of each one closed. */
  static final class NoAutoCommitDataSource extends TestDataSource {
    final String url;
    final List<Boolean> autoCommitWhenClosed = new CopyOnWriteArrayList<>();

    NoAutoCommitDataSource(String url) {
      this.url = url;
    }

    @Override
    public Connection getConnection() throws SQLException {
      Connection real = DriverManager.getConnection(url);
      real.setAutoCommit(false);
      return (Connection)
          Proxy.newProxyInstance(
              Connection.class.getClassLoader(),
              new Class<?>[] {Connection.class},
              (proxy, method, args) -> {
                if (method.getName().equals("close") && !real.isClosed()) {
                  autoCommitWhenClosed.add(real.getAutoCommit());
                  if (!real.getAutoCommit()) {
                    real.rollback(); // as a pool does with what was left uncommitted
                  }
                }
                try {
                  return method.invoke(real, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });
    }

  }

  @Test
  void whatTheStoreWritesIsCommittedAndEveryConnectionGoesBackWithAutoCommitOff() throws SQLException {
    String url = "jdbc:sqlite:" + directory.resolve("app.db");
    NoAutoCommitDataSource pool = new NoAutoCommitDataSource(url);
    try (EventStore store = JdbcEventStores.sqlite(pool, SqliteOptions.defaults())) {
      store.append("o-1", ExpectedVersion.noStream(), List.of(record("placed", "t", "{}")));
      Lease lease =
          store.subscriptions().acquire("totals", "node-a", Duration.ofMinutes(5), Cursor.START).orElseThrow();
      assertFalse(
          store.subscriptions().acquire("totals", "node-b", Duration.ofMinutes(5), Cursor.START).isPresent(),
          "node-a holds the lease");
      store.subscriptions().release(lease);
    }
    try (Connection other = DriverManager.getConnection(url);
        Statement statement = other.createStatement();
        ResultSet events = statement.executeQuery("SELECT count(*) FROM eventbus_events")) {
      assertTrue(events.next());
      assertEquals(1, events.getInt(1));
    }
    assertFalse(pool.autoCommitWhenClosed.isEmpty());
    assertEquals(List.of(), pool.autoCommitWhenClosed.stream().filter(on -> on).toList(),
        "connections handed back in auto-commit mode: " + pool.autoCommitWhenClosed);
  }
}
