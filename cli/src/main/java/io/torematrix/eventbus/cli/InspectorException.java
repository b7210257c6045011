package io.torematrix.eventbus.cli;

/** A mistake in what the inspector was asked to do; printed without a stack trace. */
final class InspectorException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  InspectorException(String message) {
    super(message);
  }
}
