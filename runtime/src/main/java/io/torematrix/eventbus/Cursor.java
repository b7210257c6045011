package io.torematrix.eventbus;

/**
 * A place in a store's global order, from which a reader resumes without skipping a committed
 * event: a pair (transaction, position), compared in that order.
 *
 * <p>Where writes are serialized (SQLite, the in-memory store) the transaction is always 0 and the
 * position alone orders events. On PostgreSQL, positions are taken row by row while transactions
 * commit in another order, so a position alone cannot be resumed from: the store orders events by
 * the writing transaction's id, then by position, and shows only transactions older than every
 * transaction still in flight ({@code tx_id < pg_snapshot_xmin(pg_current_snapshot())}); a reader
 * that resumes after the pair it last saw therefore never skips an event committed later. The
 * technique is the one of Oskar Dudycz's Emmett and of Marten's high-water mark.
 *
 * <p>Immutable and thread-safe. The text form ({@link #toString()}, {@link #parse(String)}) is what
 * checkpoints, the inspector and logs show.
 */
public final class Cursor implements Comparable<Cursor> {
  /** Before every event: reading after it reads from the beginning. */
  public static final Cursor START = new Cursor(0, 0);

  private final long transaction;
  private final long position;

  private Cursor(long transaction, long position) {
    this.transaction = transaction;
    this.position = position;
  }

  /**
   * The cursor of the event at {@code position} written by {@code transaction}.
   *
   * @param transaction the writing transaction's id, 0 on stores whose writes are serialized
   * @param position the global position, 1 and up (0 only in {@link #START})
   * @return the cursor
   * @throws IllegalArgumentException if either is negative
   */
  public static Cursor of(long transaction, long position) {
    if (transaction < 0 || position < 0) {
      throw new IllegalArgumentException(
          "a cursor's transaction and position are 0 or more, but were " + transaction + " and " + position);
    }
    return transaction == 0 && position == 0 ? START : new Cursor(transaction, position);
  }

  /**
   * The cursor of position {@code position} on a store whose writes are serialized.
   *
   * @param position the global position, 0 and up
   * @return the cursor {@code (0, position)}
   */
  public static Cursor ofPosition(long position) {
    return of(0, position);
  }

  /**
   * Reads the text form: {@code "42"} (position 42, transaction 0) or {@code "981:42"}
   * (transaction 981, position 42).
   *
   * @param text the text form, as {@link #toString()} writes it
   * @return the cursor it names
   * @throws IllegalArgumentException naming the text if it is neither form
   */
  public static Cursor parse(String text) {
    if (text == null || text.isEmpty() || text.length() > 41) {
      throw new IllegalArgumentException(
          "not a cursor: \"" + text + "\"; a cursor reads \"position\" or \"transaction:position\"");
    }
    int colon = text.indexOf(':');
    try {
      return colon < 0
          ? ofPosition(parseNumber(text))
          : of(parseNumber(text.substring(0, colon)), parseNumber(text.substring(colon + 1)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "not a cursor: \"" + text + "\"; a cursor reads \"position\" or \"transaction:position\","
              + " each a number from 0 to " + Long.MAX_VALUE, e);
    }
  }

  private static long parseNumber(String digits) {
    for (int i = 0; i < digits.length(); i++) {
      if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
        throw new IllegalArgumentException("\"" + digits + "\" is not a number");
      }
    }
    return Long.parseLong(digits);
  }

  /**
   * {@return the id of the transaction that wrote the event; 0 on stores whose writes are
   * serialized}
   */
  public long transaction() {
    return transaction;
  }

  /** {@return the event's global position; 0 for {@link #START}} */
  public long position() {
    return position;
  }

  /**
   * {@return whether this cursor comes after {@code other} in the store's order}
   *
   * @param other the cursor to compare with
   */
  public boolean isAfter(Cursor other) {
    return compareTo(other) > 0;
  }

  @Override
  public int compareTo(Cursor other) {
    int byTransaction = Long.compare(transaction, other.transaction);
    return byTransaction != 0 ? byTransaction : Long.compare(position, other.position);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Cursor cursor
        && cursor.transaction == transaction
        && cursor.position == position;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(transaction) * 31 + Long.hashCode(position);
  }

  /** {@code "42"} when the transaction is 0, else {@code "981:42"}. */
  @Override
  public String toString() {
    return transaction == 0 ? Long.toString(position) : transaction + ":" + position;
  }
}
