package io.torematrix.eventbus;

/**
 * A middleware refused an event: no handler received it. Middleware throw it from {@code
 * intercept} to reject an event; the publish stage then fails with it.
 */
public class EventRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception; the message should say who refused the event and why.
   *
   * @param message who refused the event and why
   */
  public EventRejectedException(String message) {
    super(message);
  }

  /**
   * Creates the exception with the failure that made the middleware refuse the event.
   *
   * @param message who refused the event and why
   * @param cause the failure behind the refusal
   */
  public EventRejectedException(String message, Throwable cause) {
    super(message, cause);
  }
}
