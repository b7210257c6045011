package io.torematrix.eventbus.codec;

/** JSON that is malformed, or that does not have the shape an adapter expects. */
public final class JsonFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was expected where, and what was found
   */
  public JsonFormatException(String message) {
    super(message);
  }
}
