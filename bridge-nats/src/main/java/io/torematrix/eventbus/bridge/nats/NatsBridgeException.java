package io.torematrix.eventbus.bridge.nats;

/**
 * The bridge cannot work as configured: its stream exists with other settings (the message names
 * the field, what the server has and what the bridge asked for), a consumer of the same name has
 * another filter, or the server refused a request. Nothing is relayed or imported while it stands.
 */
public final class NatsBridgeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with {@code message}.
   *
   * @param message what is wrong and how to fix it
   */
  public NatsBridgeException(String message) {
    super(message);
  }

  /**
   * An exception with {@code message} caused by {@code cause}.
   *
   * @param message what is wrong and how to fix it
   * @param cause the failure that revealed it
   */
  public NatsBridgeException(String message, Throwable cause) {
    super(message, cause);
  }
}
