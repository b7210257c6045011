package io.torematrix.eventbus.store.jdbc;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The real PostgreSQL server the tests use: database {@code test} on 127.0.0.1:5432, or the URL in
 * {@code -Deventbus.postgresUrl}. Without a server the tests are skipped with a note saying how to
 * run them; with {@code -Deventbus.requirePostgres=true} (set by {@code .ci/run}) they fail instead.
 */
final class PostgresSupport {
  static final String URL =
      System.getProperty("eventbus.postgresUrl", "jdbc:postgresql://127.0.0.1:5432/test?user=root");

  private PostgresSupport() {}

  /** Checks the server answers, then drops the store's tables so that each test starts empty. */
  static void requireEmptyDatabase() {
    try (Connection connection = DriverManager.getConnection(URL);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS eventbus_events, eventbus_schema");
    } catch (SQLException e) {
      String why = "PostgreSQL is not reachable at " + URL + " (" + e.getMessage() + ")";
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
