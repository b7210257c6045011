package io.torematrix.eventbus.store.jdbc;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The real PostgreSQL server the tests use: database {@code test} on 127.0.0.1:5432, or the URL in
 * {@code -Deventbus.postgresUrl}. Each test works in a schema of its own, which it drops at the
 * end, so that tests leave nothing behind and never meet another run's rows. Without a server the
 * tests are skipped with a note saying how to run them; with {@code -Deventbus.requirePostgres=true}
 * (set by {@code .ci/run}) they fail instead.
 */
final class PostgresSupport {
  static final String URL =
      System.getProperty("eventbus.postgresUrl", "jdbc:postgresql://127.0.0.1:5432/test?user=root");

  private PostgresSupport() {}

  /** Checks the server answers and returns the name of a new, unused schema for one test. */
  static String newSchema() {
    execute("SELECT 1");
    return "eventbus_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  /** Drops {@code schema} and everything in it. */
  static void dropSchema(String schema) {
    if (schema != null) {
      execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  /** Runs {@code sql} on a connection of its own. */
  static void execute(String sql) {
    try (Connection connection = DriverManager.getConnection(URL);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      String why = "PostgreSQL is not reachable at " + URL + " (" + e.getMessage() + ")";
      if (e.getSQLState() == null || !e.getSQLState().startsWith("08")) {
        throw new AssertionError("PostgreSQL failed: " + sql, e);
      }
      if (Boolean.getBoolean("eventbus.requirePostgres")) {
        fail(why + "; it is required here (-Deventbus.requirePostgres=true)");
      }
      assumeTrue(
          false,
          why
              + ": skipping. Start PostgreSQL with a database 'test' (or pass"
              + " -Deventbus.postgresUrl=jdbc:postgresql://...) to run these tests; .ci/run requires"
              + " them.");
    }
  }
}
