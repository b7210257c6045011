package io.torematrix.eventbus;

/**
 * An event was refused because a queue it needed stayed full for as long as the bus's {@link
 * BackpressurePolicy} allows. No handler received the event; publishing it again later is safe.
 */
public final class QueueFullException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception with a message that names the queue, its capacity and the event.
   *
   * @param message what was refused, and why
   */
  public QueueFullException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a message and the cause, such as an interruption.
   *
   * @param message what was refused, and why
   * @param cause what stopped the wait
   */
  public QueueFullException(String message, Throwable cause) {
    super(message, cause);
  }
}
