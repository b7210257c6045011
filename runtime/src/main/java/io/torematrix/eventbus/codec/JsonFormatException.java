package io.torematrix.eventbus.codec;

/**
 * JSON that is malformed, that goes beyond the {@link JsonLimits}, or that does not have the shape
 * an adapter expects. The message says what was expected at which character, and what was found.
 */
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
