package io.torematrix.eventbus.store.jdbc;

import io.torematrix.eventbus.EventStoreException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Where a store gets its connections: a {@link DataSource} the application configured (its pool
 * does the pooling), or a URL, for which the store keeps a few connections itself. Thread-safe.
 */
abstract class ConnectionSource implements AutoCloseable {
  /** How long a caller waits for a connection of a full pool. */
  static final long WAIT_SECONDS = 30;

  final String displayName;
  final Secrets secrets;

  ConnectionSource(String displayName, Secrets secrets) {
    this.displayName = displayName;
    this.secrets = secrets;
  }

  /** Connections from {@code dataSource}: borrowed for each piece of work and closed after it. */
  static ConnectionSource of(DataSource dataSource, String displayName) {
    return new FromDataSource(dataSource, displayName);
  }

  /** Up to {@code size} connections to {@code url}, opened on demand and kept. */
  static ConnectionSource pooled(String url, Properties properties, String displayName, Secrets secrets, int size) {
    return new Pooled(url, properties, displayName, secrets, size);
  }

  /**
   * A connection for one piece of work, to be handed back to {@link #release}.
   *
   * @throws EventStoreException if none can be had
   */
  abstract Connection borrow();

  /**
   * Hands back a borrowed connection; one that may be {@code broken} (its work failed in the
   * database), or that its work closed (a transaction it could not roll back), is never reused.
   */
  abstract void release(Connection connection, boolean broken);

  /** A new connection outside any pool, in auto-commit mode, for the caller to {@link #close}. */
  abstract Connection open();

  /**
   * Closes a connection {@link #open} made; a failure doing so is suppressed by {@code primary},
   * if there is one, and otherwise ignored.
   */
  void close(Connection connection, Throwable primary) {
    Failures.close(connection, primary);
  }

  /** Work done with a connection. */
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /**
   * Runs {@code work} on a borrowed connection. A connection whose work failed with an {@link
   * SQLException} is treated as broken; after any other outcome it is reused.
   */
  final <T> T with(Work<T> work) throws SQLException {
    Connection connection = borrow();
    boolean broken = true;
    try {
      T result = work.run(connection);
      broken = false;
      return result;
    } catch (RuntimeException | Error e) {
      broken = false;
      throw e;
    } finally {
      release(connection, broken);
    }
  }

  EventStoreException cannotConnect(SQLException e) {
    return new EventStoreException(
        "cannot connect to the event store database at " + displayName + ": " + secrets.text(e),
        secrets.scrub(e));
  }

  @Override
  public abstract void close();

  /**
   * Connections of the application's pool. The store's statements assume auto-commit mode (an
   * append or a lease change commits when it is done), so a connection that comes with auto-commit
   * off, as many pools are configured, is switched on while the store uses it and switched back
   * before it goes back to the pool: otherwise a lease taken or a checkpoint saved would be rolled
   * back when the pool takes the connection back, with the store believing it done.
   */
  private static final class FromDataSource extends ConnectionSource {
    private final DataSource dataSource;
    /** The connections handed out whose auto-commit mode was switched on, by identity. */
    private final Set<Connection> switched = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    FromDataSource(DataSource dataSource, String displayName) {
      super(displayName, Secrets.none());
      this.dataSource = dataSource;
    }

    @Override
    Connection borrow() {
      return open();
    }

    @Override
    void release(Connection connection, boolean broken) {
      // the application's pool decides whether a connection that failed is still good
      close(connection, null);
    }

    @Override
    Connection open() {
      Connection connection;
      try {
        connection = dataSource.getConnection();
      } catch (SQLException e) {
        throw cannotConnect(e);
      }
      if (connection == null) {
        throw new EventStoreException("the DataSource " + displayName + " returned no connection");
      }
      try {
        if (!connection.getAutoCommit()) {
          connection.setAutoCommit(true);
          switched.add(connection);
        }
      } catch (SQLException e) {
        Failures.close(connection, e);
        throw cannotConnect(e);
      } catch (RuntimeException | Error e) {
        Failures.close(connection, e);
        throw e;
      }
      return connection;
    }

    @Override
    void close(Connection connection, Throwable primary) {
      if (switched.remove(connection)) {
        try {
          connection.setAutoCommit(false);
        } catch (SQLException | RuntimeException e) {
          if (primary != null) {
            primary.addSuppressed(e);
          }
        }
      }
      Failures.close(connection, primary);
    }

    @Override
    public void close() {
      // the DataSource belongs to the application, which closes it
    }
  }

  private static final class Pooled extends ConnectionSource {
    private final String url;
    private final Properties properties;
    private final int size;
    private final BlockingQueue<Connection> idle = new LinkedBlockingQueue<>();
    private final List<Connection> all = new ArrayList<>();
    private boolean closed;

    Pooled(String url, Properties properties, String displayName, Secrets secrets, int size) {
      super(displayName, secrets);
      this.url = url;
      this.properties = properties;
      this.size = size;
    }

    @Override
    Connection open() {
      try {
        return DriverManager.getConnection(url, properties);
      } catch (SQLException e) {
        throw cannotConnect(e);
      }
    }

    @Override
    Connection borrow() {
      Connection connection = idle.poll();
      if (connection != null) {
        return connection;
      }
      synchronized (all) {
        if (closed) {
          throw new EventStoreException("the event store at " + displayName + " is closed");
        }
        if (all.size() < size) {
          Connection opened = open();
          all.add(opened);
          return opened;
        }
      }
      try {
        connection = idle.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new EventStoreException("interrupted while waiting for a connection to " + displayName, e);
      }
      if (connection == null) {
        throw new EventStoreException(
            "no connection to " + displayName + " came free within " + WAIT_SECONDS + " s");
      }
      return connection;
    }

    @Override
    void release(Connection connection, boolean broken) {
      boolean gone = broken || isClosed(connection);
      synchronized (all) {
        if (!gone && !closed) {
          idle.add(connection);
          return;
        }
        all.remove(connection);
      }
      Failures.close(connection, null);
    }

    /** Whether {@code connection} was closed by its work (one whose rollback failed, say). */
    private static boolean isClosed(Connection connection) {
      try {
        return connection.isClosed();
      } catch (SQLException e) {
        return true;
      }
    }

    @Override
    public void close() {
      synchronized (all) {
        closed = true;
        for (Connection connection : all) {
          Failures.close(connection, null);
        }
        all.clear();
        idle.clear();
      }
    }
  }
}
