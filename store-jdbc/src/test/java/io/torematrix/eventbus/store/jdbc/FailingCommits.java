package io.torematrix.eventbus.store.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A DataSource whose connections, once {@link #arm armed}, lose the answer of the next {@code
 * commit()}: the network between the store and the server goes away at that moment. The commit
 * either reached the server ({@link Mode#AFTER_COMMITTING}) or not ({@link
 * Mode#WITHOUT_COMMITTING}: the server's session lives on with its transaction open, as when a
 * connection is cut without either side noticing). Every later call on that connection fails.
 */
final class FailingCommits extends TestDataSource implements AutoCloseable {
  enum Mode {
    AFTER_COMMITTING,
    WITHOUT_COMMITTING,
    /** {@code commit()} throws an {@code Error} before sending anything; the connection lives on. */
    ERROR_BEFORE_COMMITTING,
    /** {@code commit()} commits, then throws an {@code Error}; the connection lives on. */
    ERROR_AFTER_COMMITTING
  }

  private final String url;
  private final Mode mode;
  private final AtomicBoolean armed = new AtomicBoolean();
  private final AtomicInteger commitsFailed = new AtomicInteger();
  private final List<Connection> abandoned = new CopyOnWriteArrayList<>();

  FailingCommits(String url, Mode mode) {
    this.url = url;
    this.mode = mode;
  }

  /** The next commit on any connection loses its answer. */
  void arm() {
    armed.set(true);
  }

  int commitsFailed() {
    return commitsFailed.get();
  }

  /** Whether the sessions left open by {@link Mode#WITHOUT_COMMITTING} were ended by the server. */
  boolean abandonedSessionEnded() {
    try {
      for (Connection connection : abandoned) {
        if (connection.isValid(2)) {
          return false;
        }
      }
      return !abandoned.isEmpty();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection real = DriverManager.getConnection(url);
    AtomicBoolean dead = new AtomicBoolean();
    InvocationHandler handler =
        (proxy, method, args) -> {
          String name = method.getName();
          if (dead.get()) {
            if (name.equals("close")) {
              if (mode == Mode.AFTER_COMMITTING) {
                real.close();
              }
              return null;
            }
            if (name.equals("isClosed")) {
              return true;
            }
            throw new SQLException("This connection has been closed.", "08003");
          }
          if (name.equals("commit") && armed.compareAndSet(true, false)) {
            commitsFailed.incrementAndGet();
            switch (mode) {
              case ERROR_BEFORE_COMMITTING -> throw new AssertionError("thrown inside commit() (simulated)");
              case ERROR_AFTER_COMMITTING -> {
                real.commit();
                throw new AssertionError("thrown inside commit() (simulated)");
              }
              case AFTER_COMMITTING -> real.commit();
              case WITHOUT_COMMITTING -> abandoned.add(real);
            }
            dead.set(true);
            throw new SQLException("the network went away (simulated)", "08006");
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class}, handler);
  }

  @Override
  public void close() {
    for (Connection connection : abandoned) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // the server ended it already
      }
    }
  }

  @Override
  public String toString() {
    return "FailingCommits";
  }

}
