package io.torematrix.eventbus;

/**
 * An append to a stream found the stream at another version than the writer expected, so nothing
 * was appended: another writer got there first. Read the stream again and retry.
 */
public final class WrongExpectedVersionException extends EventStoreException {
  private static final long serialVersionUID = 1L;

  /** The stream written to. */
  private final String streamId;

  private final transient ExpectedVersion expected;

  /** The stream's actual last version, 0 if it does not exist. */
  private final long actual;

  /**
   * Describes the conflict.
   *
   * @param streamId the stream written to
   * @param expected what the writer expected
   * @param actual the stream's actual last version, 0 if it does not exist
   */
  public WrongExpectedVersionException(String streamId, ExpectedVersion expected, long actual) {
    super(
        "stream \""
            + streamId
            + "\" is at "
            + (actual == 0 ? "no version (it does not exist)" : "version " + actual)
            + " but the writer expected "
            + expected
            + "; nothing was appended. Another writer appended first: read the stream again and"
            + " retry.");
    this.streamId = streamId;
    this.expected = expected;
    this.actual = actual;
  }

  /** {@return the stream} */
  public String streamId() {
    return streamId;
  }

  /** {@return what the writer expected} */
  public ExpectedVersion expected() {
    return expected;
  }

  /** {@return the stream's actual last version, 0 if it does not exist} */
  public long actual() {
    return actual;
  }
}
