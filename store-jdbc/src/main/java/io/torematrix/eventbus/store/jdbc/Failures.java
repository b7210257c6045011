package io.torematrix.eventbus.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Clean-up that must not hide the failure that made it necessary: the first error is the one
 * reported, and an error while cleaning up is kept as suppressed by it.
 */
final class Failures {
  private Failures() {}

  /**
   * Rolls back {@code connection}'s transaction; a failure to do so is suppressed by {@code
   * primary}. Returns whether it was rolled back.
   */
  static boolean rollback(Connection connection, Throwable primary) {
    try {
      connection.rollback();
      return true;
    } catch (SQLException | RuntimeException e) {
      primary.addSuppressed(e);
      return false;
    }
  }

  /** {@code e}, which is a {@code RuntimeException} or an {@code Error}, to throw as it is. */
  static RuntimeException unchecked(Throwable e) {
    if (e instanceof Error error) {
      throw error;
    }
    return (RuntimeException) e;
  }

  /**
   * Whether {@code e} says the connection is gone (SQL state class 08, or the server shutting it
   * down): work that is safe to repeat may be repeated once on a new connection.
   */
  static boolean lostConnection(SQLException e) {
    String state = e.getSQLState();
    return state != null && (state.startsWith("08") || state.startsWith("57P0"));
  }

  /** Executes {@code sql}; a failure to do so is suppressed by {@code primary}. */
  static void execute(Statement statement, String sql, Throwable primary) {
    try {
      statement.execute(sql);
    } catch (SQLException | RuntimeException e) {
      primary.addSuppressed(e);
    }
  }

  /**
   * Closes {@code resource}, if there is one; a failure to do so is suppressed by {@code primary},
   * or dropped without one (the resource is being discarded, and has nothing left to lose).
   */
  static void close(AutoCloseable resource, Throwable primary) {
    if (resource == null) {
      return;
    }
    try {
      resource.close();
    } catch (Exception e) {
      if (primary != null) {
        primary.addSuppressed(e);
      }
    }
  }
}
