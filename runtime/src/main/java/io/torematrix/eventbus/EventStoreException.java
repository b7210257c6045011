package io.torematrix.eventbus;

/**
 * A store could not do what was asked: the database is unreachable, a write failed, or a stored
 * record cannot be read (the message then names its position). When it fails a publish, no
 * handler received the event.
 */
public class EventStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception; the message says what failed and where.
   *
   * @param message what failed and where
   */
  public EventStoreException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what failed and where
   * @param cause the driver's or codec's exception
   */
  public EventStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
