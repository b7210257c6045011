package io.torematrix.eventbus.store.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * A DataSource of SQLite connections to one file that fail chosen statements once armed, as a
 * disk would: a statement whose SQL contains a key fails with the armed message, before or after
 * SQLite ran it. Each armed fault fires once.
 */
final class SqliteFaults extends TestDataSource {
  /** One armed fault. */
  record Fault(String message, boolean afterRunning, boolean error) {
    Throwable failure() {
      return error ? new AssertionError(message) : new SQLException(message);
    }
  }

  private final String url;
  private final Map<String, Fault> faults = new ConcurrentHashMap<>();

  SqliteFaults(Path file) {
    this.url = "jdbc:sqlite:" + file;
  }

  /** The next statement whose SQL contains {@code sql} fails with {@code message}. */
  void arm(String sql, String message, boolean afterRunning) {
    faults.put(sql, new Fault(message, afterRunning, false));
  }

  /** The next statement whose SQL contains {@code sql} throws an {@code AssertionError} with {@code message}. */
  void armError(String sql, String message, boolean afterRunning) {
    faults.put(sql, new Fault(message, afterRunning, true));
  }

  boolean fired() {
    return faults.isEmpty();
  }

  private Object run(String sql, Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
    Fault fault = null;
    if (sql != null) {
      for (Map.Entry<String, Fault> armed : faults.entrySet()) {
        if (sql.contains(armed.getKey()) && faults.remove(armed.getKey(), armed.getValue())) {
          fault = armed.getValue();
          break;
        }
      }
    }
    if (fault != null && !fault.afterRunning()) {
      throw fault.failure();
    }
    Object result;
    try {
      result = method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
    if (fault != null) {
      throw fault.failure();
    }
    return result;
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection real = DriverManager.getConnection(url);
    InvocationHandler handler =
        (proxy, method, args) -> {
          Object result;
          try {
            result = method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          if (result instanceof PreparedStatement prepared) {
            String sql = (String) args[0];
            return Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {PreparedStatement.class},
                (p, m, a) -> m.getName().startsWith("execute") ? run(sql, prepared, m, a) : invoke(prepared, m, a));
          }
          if (result instanceof Statement statement) {
            return Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {Statement.class},
                (p, m, a) ->
                    m.getName().startsWith("execute") && a != null && a.length > 0 && a[0] instanceof String sql
                        ? run(sql, statement, m, a)
                        : invoke(statement, m, a));
          }
          return result;
        };
    return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class}, handler);
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Override
  public String toString() {
    return "SqliteFaults";
  }

}
