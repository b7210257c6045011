package io.torematrix.eventbus.store.jdbc;

import static io.torematrix.eventbus.store.jdbc.Records.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.Cursor;
import io.torematrix.eventbus.ExpectedVersion;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.EventStore;
import io.torematrix.eventbus.EventStoreException;
import io.torematrix.eventbus.spi.Lease;
import io.torematrix.eventbus.spi.ParkedEvent;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A subscription-store transaction on PostgreSQL that fails and then cannot be rolled back is
 * ended by closing its connection: it is not committed by switching the connection back to
 * auto-commit mode, and the first failure is the one reported.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FailedRollbackTest {
  String schema;

  @BeforeEach
  void schema() {
    schema = PostgresSupport.newSchema();
  }

  @AfterEach
  void drop() {
    PostgresSupport.dropSchema(schema);
  }

  /**
   * Connections that, once armed, refuse {@code commit()} and {@code rollback()} (without sending
   * either), and record whether they were closed with a transaction still open.
   */
  static final class FailingRollbacks extends TestDataSource {
    final AtomicBoolean armed = new AtomicBoolean();
    final List<Boolean> autoCommitWhenClosed = new CopyOnWriteArrayList<>();
    final List<String> autoCommitSwitchedOnAfterFailure = new CopyOnWriteArrayList<>();

    @Override
    public Connection getConnection() throws SQLException {
      Connection real = DriverManager.getConnection(PostgresSupport.URL);
      AtomicBoolean failed = new AtomicBoolean();
      return (Connection)
          Proxy.newProxyInstance(
              Connection.class.getClassLoader(),
              new Class<?>[] {Connection.class},
              (proxy, method, args) -> {
                String name = method.getName();
                if (armed.get() && name.equals("commit")) {
                  failed.set(true);
                  throw new SQLException("commit refused (simulated)", "XX000");
                }
                if (failed.get() && name.equals("rollback")) {
                  throw new SQLException("rollback refused (simulated)", "XX000");
                }
                if (failed.get() && name.equals("setAutoCommit") && Boolean.TRUE.equals(args[0])) {
                  autoCommitSwitchedOnAfterFailure.add("setAutoCommit(true)");
                }
                if (name.equals("close") && !real.isClosed()) {
                  autoCommitWhenClosed.add(real.getAutoCommit());
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
  void aParkWhoseCommitAndRollbackFailIsNotCommittedAndReportsTheCommitsError() {
    FailingRollbacks failing = new FailingRollbacks();
    try (EventStore store = JdbcEventStores.postgres(failing, PostgresOptions.defaults().schema(schema))) {
      EventRecord poison = store.append(null, ExpectedVersion.any(), List.of(record("poison", "t", "{}"))).get(0);
      Lease lease =
          store.subscriptions().acquire("totals", "node-a", Duration.ofMinutes(5), Cursor.START).orElseThrow();
      failing.armed.set(true);

      EventStoreException e =
          assertThrows(
              EventStoreException.class,
              () ->
                  store
                      .subscriptions()
                      .park(
                          lease,
                          new ParkedEvent(
                              "totals", poison, "boom", 1, Instant.EPOCH, Instant.EPOCH, ParkedEvent.Status.PARKED)));
      failing.armed.set(false);

      assertTrue(e.getMessage().contains("commit refused (simulated)"), e.getMessage());
      Throwable cause = e.getCause();
      assertTrue(
          Arrays.stream(cause.getSuppressed()).anyMatch(s -> "rollback refused (simulated)".equals(s.getMessage())),
          "the rollback's failure is kept, as suppressed: " + Arrays.toString(cause.getSuppressed()));
      assertEquals(List.of(), failing.autoCommitSwitchedOnAfterFailure, "never switched to auto-commit");
      assertTrue(failing.autoCommitWhenClosed.contains(false), "closed with its transaction open");
      assertEquals(List.of(), store.subscriptions().parked("totals", 10), "the failed park was not committed");
    }
  }
}
