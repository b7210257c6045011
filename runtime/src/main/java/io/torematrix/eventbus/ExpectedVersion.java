package io.torematrix.eventbus;

/**
 * What a writer expects of a stream it appends to, for optimistic concurrency: that it may be at
 * any version, that it does not exist yet, or that it is exactly at version n (its last event has
 * version n). Two writers that both read version n and append expecting it: exactly one wins.
 */
public final class ExpectedVersion {
  private static final ExpectedVersion ANY = new ExpectedVersion(-2);
  private static final ExpectedVersion NO_STREAM = new ExpectedVersion(0);

  private final long version;

  private ExpectedVersion(long version) {
    this.version = version;
  }

  /**
   * No expectation.
   *
   * @return the expectation that accepts any version
   */
  public static ExpectedVersion any() {
    return ANY;
  }

  /**
   * The stream must not exist yet.
   *
   * @return the expectation that the stream does not exist
   */
  public static ExpectedVersion noStream() {
    return NO_STREAM;
  }

  /**
   * The stream's last event must have version {@code version} (0 means no stream).
   *
   * @param version the last version expected, 0 for no stream
   * @return the expectation
   * @throws IllegalArgumentException if {@code version} is negative
   */
  public static ExpectedVersion exactly(long version) {
    if (version < 0) {
      throw new IllegalArgumentException("stream versions start at 1; expected " + version);
    }
    return version == 0 ? NO_STREAM : new ExpectedVersion(version);
  }

  /** {@return whether anything goes} */
  public boolean isAny() {
    return this == ANY;
  }

  /**
   * {@return whether a stream whose last version is {@code actual} (0 for none) meets this
   * expectation}
   *
   * @param actual the stream's last version, 0 for no stream
   */
  public boolean accepts(long actual) {
    return isAny() || version == actual;
  }

  /** {@return the expected last version (0 for no stream); meaningless for {@link #any()}} */
  public long version() {
    return version;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExpectedVersion other && other.version == version;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(version);
  }

  @Override
  public String toString() {
    return isAny() ? "any version" : version == 0 ? "no stream" : "version " + version;
  }
}
