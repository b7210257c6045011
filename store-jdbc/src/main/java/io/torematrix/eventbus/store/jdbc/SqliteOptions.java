package io.torematrix.eventbus.store.jdbc;

/**
 * How a SQLite store writes. By default the database runs in WAL mode with {@code
 * synchronous=NORMAL}: a commit survives a crash of the process, and is fast. {@link
 * #synchronousFull()} also makes each commit survive a power loss or OS crash, at the cost of an
 * fsync per commit. Immutable.
 */
public final class SqliteOptions {
  private static final SqliteOptions DEFAULTS = new SqliteOptions(false, 256);

  private final boolean synchronousFull;
  private final int maxGroupSize;

  private SqliteOptions(boolean synchronousFull, int maxGroupSize) {
    this.synchronousFull = synchronousFull;
    this.maxGroupSize = maxGroupSize;
  }

  /** WAL, {@code synchronous=NORMAL}, up to 256 appends committed together. */
  public static SqliteOptions defaults() {
    return DEFAULTS;
  }

  /** Commits with {@code synchronous=FULL}: durable across power loss too. */
  public SqliteOptions synchronousFull() {
    return new SqliteOptions(true, maxGroupSize);
  }

  /**
   * How many waiting appends the writer thread commits in one transaction at most. Larger groups
   * mean fewer commits under load; an append never waits for a group to fill.
   */
  public SqliteOptions maxGroupSize(int appends) {
    if (appends < 1) {
      throw new IllegalArgumentException("a group holds at least one append, not " + appends);
    }
    return new SqliteOptions(synchronousFull, appends);
  }

  /** Whether commits use {@code synchronous=FULL}. */
  public boolean isSynchronousFull() {
    return synchronousFull;
  }

  /** The most appends committed together. */
  public int maxGroupSize() {
    return maxGroupSize;
  }
}
