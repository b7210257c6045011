package io.torematrix.eventbus.store.jdbc;

import java.util.Objects;

/**
 * How a SQLite store writes, and to which tables. By default the database runs in WAL mode with
 * {@code synchronous=NORMAL}: a commit survives a crash of the process, and is fast. {@link
 * #synchronousFull()} also makes each commit survive a power loss or OS crash, at the cost of an
 * fsync per commit. Immutable; each method returns a new instance.
 *
 * <pre>{@code
 * JdbcEventStores.sqlite(Path.of("app.db"), SqliteOptions.defaults().tablePrefix("orders_"));
 * }</pre>
 */
public final class SqliteOptions {
  private static final SqliteOptions DEFAULTS = new SqliteOptions(false, 256, Tables.DEFAULT_PREFIX, false);

  private final boolean synchronousFull;
  private final int maxGroupSize;
  private final String tablePrefix;
  private final boolean readOnly;

  private SqliteOptions(boolean synchronousFull, int maxGroupSize, String tablePrefix, boolean readOnly) {
    this.synchronousFull = synchronousFull;
    this.maxGroupSize = maxGroupSize;
    this.tablePrefix = tablePrefix;
    this.readOnly = readOnly;
  }

  /**
   * {@return WAL, {@code synchronous=NORMAL}, up to 256 appends committed together, tables {@code
   * eventbus_*}}
   */
  public static SqliteOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Commits with {@code synchronous=FULL}: durable across power loss too.
   *
   * @return these options with {@code synchronous=FULL}
   */
  public SqliteOptions synchronousFull() {
    return new SqliteOptions(true, maxGroupSize, tablePrefix, readOnly);
  }

  /**
   * How many waiting appends the writer thread commits in one transaction at most. Larger groups
   * mean fewer commits under load; an append never waits for a group to fill.
   *
   * @param appends at least 1
   * @return these options with that group size
   * @throws IllegalArgumentException if {@code appends} is less than 1
   */
  public SqliteOptions maxGroupSize(int appends) {
    if (appends < 1) {
      throw new IllegalArgumentException("a group holds at least one append, not " + appends);
    }
    return new SqliteOptions(synchronousFull, appends, tablePrefix, readOnly);
  }

  /**
   * Names the store's tables {@code <prefix>events}, {@code <prefix>subscriptions}, {@code
   * <prefix>parked} and {@code <prefix>schema} instead of {@code eventbus_events} and so on, so
   * that the file can hold other tables, or two stores.
   *
   * @param prefix the start of each table name
   * @return these options with that prefix
   * @throws IllegalArgumentException unless the prefix is 1 to 40 lower-case letters, digits and
   *     {@code _}, not starting with a digit, nor with {@code sqlite_} (SQLite's own tables)
   */
  public SqliteOptions tablePrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    Tables.requireIdentifier("table prefix", prefix, Tables.MAX_PREFIX_LENGTH);
    if (prefix.startsWith("sqlite_")) {
      throw new IllegalArgumentException(
          "invalid table prefix \"" + prefix + "\": SQLite reserves table names starting with 'sqlite_' for itself");
    }
    return new SqliteOptions(synchronousFull, maxGroupSize, prefix, readOnly);
  }

  /**
   * Opens the store for reading only, as the inspector does: the file must exist and hold an event
   * store of this version ({@link SchemaVersionException} otherwise); nothing is created, migrated
   * or written, and appending, taking a lease, saving a checkpoint and parking fail. A WAL-mode
   * file that no writer has open is read without SQLite's {@code -wal} and {@code -shm} files, so
   * that reading leaves none behind. The one write it makes is an operator's decision on a parked
   * event ({@code subscriptions().requestRetry} or {@code discard}), on a connection of its own:
   * that event's row, and nothing else.
   *
   * @return these options, read-only
   */
  public SqliteOptions readOnly() {
    return new SqliteOptions(synchronousFull, maxGroupSize, tablePrefix, true);
  }

  /** {@return whether commits use {@code synchronous=FULL}} */
  public boolean isSynchronousFull() {
    return synchronousFull;
  }

  /** {@return the most appends committed together} */
  public int maxGroupSize() {
    return maxGroupSize;
  }

  /** {@return the prefix of the store's table names; {@code eventbus_} unless set} */
  public String tablePrefix() {
    return tablePrefix;
  }

  /** {@return whether the store is opened for reading only} */
  public boolean isReadOnly() {
    return readOnly;
  }

  Tables tables() {
    return new Tables(null, tablePrefix);
  }
}
