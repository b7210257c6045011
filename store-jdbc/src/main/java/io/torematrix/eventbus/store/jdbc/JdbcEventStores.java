package io.torematrix.eventbus.store.jdbc;

import io.torematrix.eventbus.EventStoreException;
import io.torematrix.eventbus.spi.EventStore;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * Makes durable event stores. The schema is created on first use and versioned; a read-only
 * store ({@link SqliteOptions#readOnly()}, {@link PostgresOptions#readOnly()}) only checks it.
 *
 * <pre>{@code
 * EventBus bus = EventBus.builder()
 *     .store(JdbcEventStores.sqlite(Path.of("events.db")))      // embedded, one file
 *     .build();
 *
 * EventStore shared = JdbcEventStores.postgres("jdbc:postgresql://db:5432/app?user=app&password=secret");
 * EventStore pooled = JdbcEventStores.postgres(hikari, PostgresOptions.defaults().schema("billing"));
 * }</pre>
 *
 * <p>Every message a store writes has passwords masked. A store whose driver is missing says which
 * Maven artifact to add.
 */
public final class JdbcEventStores {
  private JdbcEventStores() {}

  /**
   * A store in the SQLite file {@code file} (created if missing; its directory must exist), with
   * the default options: WAL, {@code synchronous=NORMAL}. Needs {@code org.xerial:sqlite-jdbc}.
   *
   * @param file the database file
   * @return the open store; closing it closes its connections and stops its writer thread
   * @throws EventStoreException if the driver is missing or the file cannot be opened or prepared
   */
  public static EventStore sqlite(Path file) {
    return sqlite(file, SqliteOptions.defaults());
  }

  /**
   * A store in the SQLite file {@code file} with {@code options}.
   *
   * @param file the database file (created if missing; its directory must exist)
   * @param options durability, group commits, table prefix, read-only
   * @return the open store; closing it closes its connections and stops its writer thread
   * @throws SchemaVersionException if the file holds a newer event store, or, read-only, none
   * @throws EventStoreException if the driver is missing or the file cannot be opened or prepared
   */
  public static EventStore sqlite(Path file, SqliteOptions options) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(options, "options");
    return SqliteEventStore.open(file, options);
  }

  /**
   * A SQLite store on the connections of {@code dataSource}, which must all reach the same
   * database file. The store's writer thread keeps one connection for as long as the store is
   * open and sets it to WAL, {@code synchronous} and {@code temp_store=MEMORY}; reads borrow a
   * connection each.
   *
   * @param dataSource gives connections to one SQLite database file
   * @param options durability, group commits, table prefix, read-only
   * @return the open store; closing it returns the writer's connection to {@code dataSource}
   * @throws SchemaVersionException if the database holds a newer event store, or, read-only, none
   * @throws EventStoreException if no connection can be had, its database is in memory or
   *     temporary rather than in a file (each connection would see a database of its own), or the
   *     schema cannot be prepared
   */
  public static EventStore sqlite(DataSource dataSource, SqliteOptions options) {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(options, "options");
    return SqliteEventStore.open(dataSource, options);
  }

  /**
   * A store in the PostgreSQL database at {@code jdbcUrl} ({@code jdbc:postgresql://host:port/db},
   * credentials as URL parameters), keeping up to 4 connections of its own. Needs {@code
   * org.postgresql:postgresql} and PostgreSQL 13 or newer.
   *
   * @param jdbcUrl a {@code jdbc:postgresql:} URL
   * @return the open store; closing it closes its connections
   * @throws IllegalArgumentException if {@code jdbcUrl} is not a PostgreSQL JDBC URL
   * @throws EventStoreException if the driver is missing, the server cannot be reached or the
   *     schema prepared
   */
  public static EventStore postgres(String jdbcUrl) {
    return postgres(jdbcUrl, new Properties(), PostgresOptions.defaults());
  }

  /**
   * A store in the PostgreSQL database at {@code jdbcUrl}, with connection {@code properties}.
   *
   * @param jdbcUrl a {@code jdbc:postgresql:} URL
   * @param properties the driver's connection properties, such as {@code user} and {@code
   *     password}; copied
   * @return the open store; closing it closes its connections
   * @throws IllegalArgumentException if {@code jdbcUrl} is not a PostgreSQL JDBC URL
   * @throws EventStoreException if the driver is missing, the server cannot be reached or the
   *     schema prepared
   */
  public static EventStore postgres(String jdbcUrl, Properties properties) {
    return postgres(jdbcUrl, properties, PostgresOptions.defaults());
  }

  /**
   * A store in the PostgreSQL database at {@code jdbcUrl}, with {@code options}.
   *
   * @param jdbcUrl a {@code jdbc:postgresql:} URL
   * @param options schema, table prefix, connections, read-only
   * @return the open store; closing it closes its connections
   * @throws IllegalArgumentException if {@code jdbcUrl} is not a PostgreSQL JDBC URL
   * @throws SchemaVersionException if the database holds a newer event store, or, read-only, none
   * @throws EventStoreException if the driver is missing, the server cannot be reached or the
   *     schema prepared
   */
  public static EventStore postgres(String jdbcUrl, PostgresOptions options) {
    return postgres(jdbcUrl, new Properties(), options);
  }

  /**
   * A store in the PostgreSQL database at {@code jdbcUrl}, with connection {@code properties} and
   * {@code options}.
   *
   * @param jdbcUrl a {@code jdbc:postgresql:} URL
   * @param properties the driver's connection properties, such as {@code user} and {@code
   *     password}; copied
   * @param options schema, table prefix, connections, read-only
   * @return the open store; closing it closes its connections
   * @throws IllegalArgumentException if {@code jdbcUrl} is not a PostgreSQL JDBC URL
   * @throws SchemaVersionException if the database holds a newer event store, or, read-only, none
   * @throws EventStoreException if the driver is missing, the server cannot be reached or the
   *     schema prepared
   */
  public static EventStore postgres(String jdbcUrl, Properties properties, PostgresOptions options) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(properties, "properties");
    Objects.requireNonNull(options, "options");
    Secrets secrets = Secrets.of(jdbcUrl, properties);
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "\"" + secrets.mask(jdbcUrl) + "\" is not a PostgreSQL JDBC URL: it should start with jdbc:postgresql://");
    }
    Drivers.requirePostgres();
    Properties copy = new Properties();
    copy.putAll(properties);
    return PostgresEventStore.open(
        ConnectionSource.pooled(jdbcUrl, copy, secrets.mask(jdbcUrl), secrets, options.maxConnections()), options);
  }

  /**
   * A PostgreSQL store on the connections of {@code dataSource} — typically the application's
   * HikariCP pool — borrowing one for each append or read and closing it after.
   *
   * @param dataSource gives connections to the database
   * @return the open store; closing it leaves {@code dataSource} open
   * @throws EventStoreException if no connection can be had or the schema cannot be prepared
   */
  public static EventStore postgres(DataSource dataSource) {
    return postgres(dataSource, PostgresOptions.defaults());
  }

  /**
   * A PostgreSQL store on the connections of {@code dataSource}, with {@code options}.
   *
   * @param dataSource gives connections to the database
   * @param options schema, table prefix, read-only
   * @return the open store; closing it leaves {@code dataSource} open
   * @throws SchemaVersionException if the database holds a newer event store, or, read-only, none
   * @throws EventStoreException if no connection can be had or the schema cannot be prepared
   */
  public static EventStore postgres(DataSource dataSource, PostgresOptions options) {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(options, "options");
    return PostgresEventStore.open(ConnectionSource.of(dataSource, "PostgreSQL DataSource " + dataSource), options);
  }
}
