package io.torematrix.eventbus;

/**
 * Thrown when a durable subscription's holder acts under a lease it no longer holds: the lease
 * expired and another process took the subscription over, or it was released. Nothing was changed;
 * the former holder must stop delivering (the new holder resumes from the last saved checkpoint, so
 * events delivered since then are delivered again, at least once).
 */
public class LeaseLostException extends EventStoreException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with {@code message}, which names the subscription and the owners.
   *
   * @param message names the subscription and the owners
   */
  public LeaseLostException(String message) {
    super(message);
  }
}
