package io.torematrix.eventbus.store.jdbc;

import io.torematrix.eventbus.EventStoreException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A few connections to one database, opened on demand and handed out one caller at a time. A
 * connection that failed is closed and replaced rather than returned.
 */
final class ConnectionPool implements AutoCloseable {
  private final String url;
  private final Properties properties;
  private final String displayUrl;
  private final int size;
  private final BlockingQueue<Connection> idle = new LinkedBlockingQueue<>();
  private final List<Connection> all = new ArrayList<>();
  private boolean closed;

  ConnectionPool(String url, Properties properties, String displayUrl, int size) {
    this.url = url;
    this.properties = properties;
    this.displayUrl = displayUrl;
    this.size = size;
  }

  /** Work done with a borrowed connection. */
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /**
   * Runs {@code work} on a connection. A connection whose work failed with an {@link
   * SQLException} is discarded, as it may be broken; after any other outcome it is reused.
   */
  <T> T with(Work<T> work) throws SQLException {
    Connection connection = borrow();
    try {
      T result = work.run(connection);
      idle.add(connection);
      return result;
    } catch (SQLException e) {
      discard(connection);
      throw e;
    } catch (RuntimeException | Error e) {
      idle.add(connection);
      throw e;
    }
  }

  /** Opens a connection outside the pool, for the caller to close. */
  Connection open() {
    try {
      return DriverManager.getConnection(url, properties);
    } catch (SQLException e) {
      throw new EventStoreException(
          "cannot connect to the event store database at " + displayUrl + ": " + e.getMessage(), e);
    }
  }

  private Connection borrow() {
    Connection connection = idle.poll();
    if (connection != null) {
      return connection;
    }
    synchronized (all) {
      if (closed) {
        throw new EventStoreException("the event store at " + displayUrl + " is closed");
      }
      if (all.size() < size) {
        Connection opened = open();
        all.add(opened);
        return opened;
      }
    }
    try {
      connection = idle.poll(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EventStoreException("interrupted while waiting for a connection to " + displayUrl, e);
    }
    if (connection == null) {
      throw new EventStoreException("no connection to " + displayUrl + " came free within 30 s");
    }
    return connection;
  }

  private void discard(Connection connection) {
    synchronized (all) {
      all.remove(connection);
    }
    try {
      connection.close();
    } catch (SQLException ignored) {
      // it already failed; its replacement will be opened on demand
    }
  }

  @Override
  public void close() {
    synchronized (all) {
      closed = true;
      for (Connection connection : all) {
        try {
          connection.close();
        } catch (SQLException ignored) {
          // closing: nothing left to lose
        }
      }
      all.clear();
    }
  }
}
