package io.torematrix.eventbus.store.jdbc;

import java.util.Objects;

/**
 * Where in a PostgreSQL database a store keeps its tables, and whether it may write. By default
 * the tables are {@code eventbus_events}, {@code eventbus_subscriptions}, {@code eventbus_parked}
 * and {@code eventbus_schema} in the connection's current
 * schema (the first of its {@code search_path}, normally {@code public}). Give each application
 * its own {@link #schema} or {@link #tablePrefix} to let several share one database. Immutable;
 * each method returns a new instance.
 *
 * <pre>{@code
 * JdbcEventStores.postgres(hikariDataSource, PostgresOptions.defaults().schema("billing"));
 * }</pre>
 */
public final class PostgresOptions {
  private static final PostgresOptions DEFAULTS = new PostgresOptions(null, Tables.DEFAULT_PREFIX, false, 4);

  private final String schema;
  private final String tablePrefix;
  private final boolean readOnly;
  private final int maxConnections;

  private PostgresOptions(String schema, String tablePrefix, boolean readOnly, int maxConnections) {
    this.schema = schema;
    this.tablePrefix = tablePrefix;
    this.readOnly = readOnly;
    this.maxConnections = maxConnections;
  }

  /** {@return the current schema, tables {@code eventbus_*}, writable, up to 4 connections of its own} */
  public static PostgresOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Keeps the tables in {@code schema}, created on first use if missing (which needs the {@code
   * CREATE} privilege on the database; create it beforehand otherwise).
   *
   * @param schema a schema name
   * @return these options with that schema
   * @throws IllegalArgumentException unless the name is 1 to 63 lower-case letters, digits and
   *     {@code _}, not starting with a digit, nor with {@code pg_} (PostgreSQL's own schemas); a
   *     reserved word such as {@code order} is a valid name
   */
  public PostgresOptions schema(String schema) {
    Objects.requireNonNull(schema, "schema");
    Tables.requireIdentifier("schema name", schema, 63);
    if (schema.startsWith("pg_")) {
      throw new IllegalArgumentException(
          "invalid schema name \"" + schema + "\": PostgreSQL reserves names starting with 'pg_' for its system schemas");
    }
    return new PostgresOptions(schema, tablePrefix, readOnly, maxConnections);
  }

  /**
   * Names the store's tables {@code <prefix>events}, {@code <prefix>subscriptions}, {@code
   * <prefix>parked} and {@code <prefix>schema} instead of {@code eventbus_events} and so on.
   *
   * @param prefix the start of each table name
   * @return these options with that prefix
   * @throws IllegalArgumentException unless the prefix is 1 to 40 lower-case letters, digits and
   *     {@code _}, not starting with a digit
   */
  public PostgresOptions tablePrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    Tables.requireIdentifier("table prefix", prefix, Tables.MAX_PREFIX_LENGTH);
    return new PostgresOptions(schema, prefix, readOnly, maxConnections);
  }

  /**
   * Opens the store for reading only, as the inspector does: the database must hold an event store
   * of this version ({@link SchemaVersionException} otherwise); no schema or table is created or
   * migrated, and appending, taking a lease, saving a checkpoint and parking fail. The one write
   * it makes is an operator's decision on a parked event ({@code subscriptions().requestRetry} or
   * {@code discard}): that event's row, and nothing else.
   *
   * @return these options, read-only
   */
  public PostgresOptions readOnly() {
    return new PostgresOptions(schema, tablePrefix, true, maxConnections);
  }

  /**
   * How many connections a store opened from a URL keeps at most (default 4). A store given a
   * {@code DataSource} borrows from it instead, and this has no effect.
   *
   * @param connections at least 1
   * @return these options with that many connections
   * @throws IllegalArgumentException if {@code connections} is less than 1
   */
  public PostgresOptions maxConnections(int connections) {
    if (connections < 1) {
      throw new IllegalArgumentException("a store needs at least one connection, not " + connections);
    }
    return new PostgresOptions(schema, tablePrefix, readOnly, connections);
  }

  /** {@return the schema, or {@code null} for the connection's current one} */
  public String schema() {
    return schema;
  }

  /** {@return the prefix of the store's table names; {@code eventbus_} unless set} */
  public String tablePrefix() {
    return tablePrefix;
  }

  /** {@return whether the store is opened for reading only} */
  public boolean isReadOnly() {
    return readOnly;
  }

  /** {@return the most connections a store opened from a URL keeps} */
  public int maxConnections() {
    return maxConnections;
  }

  Tables tables() {
    return new Tables(schema, tablePrefix);
  }
}
