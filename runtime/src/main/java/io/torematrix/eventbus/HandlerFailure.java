package io.torematrix.eventbus;

import java.util.Objects;

/**
 * One failure seen while delivering an event: which handler, at which step, and the exception.
 * Failures are reported to the subscription's error callback, to the bus's error handler and in
 * the {@link PublishResult}; none is dropped.
 */
public final class HandlerFailure {

  /**
   * The step of a delivery that failed. (Named so as not to be confused with the {@link
   * java.util.concurrent.CompletionStage} of an asynchronous handler, whose failure is a {@link
   * #HANDLER} failure.)
   */
  public enum Step {
    /** The handler threw, or the stage it returned completed exceptionally. */
    HANDLER,
    /** The subscription's filter threw. */
    FILTER,
    /** The subscription's error callback threw while being told about an earlier failure. */
    ERROR_CALLBACK
  }

  private final String handler;
  private final Step step;
  private final Throwable error;
  private final Object event;
  private final EventContext context;

  /**
   * Describes a failure.
   *
   * @param handler the failing handler's description, such as {@code "Audit.onLogin(UserLoggedIn)"}
   * @param step the step that failed
   * @param error the exception
   * @param event the event being delivered
   * @param context its context
   */
  public HandlerFailure(
      String handler, Step step, Throwable error, Object event, EventContext context) {
    this.handler = Objects.requireNonNull(handler, "handler");
    this.step = Objects.requireNonNull(step, "step");
    this.error = Objects.requireNonNull(error, "error");
    this.event = Objects.requireNonNull(event, "event");
    this.context = Objects.requireNonNull(context, "context");
  }

  /** {@return the failing handler's description} */
  public String handler() {
    return handler;
  }

  /** {@return the step that failed} */
  public Step step() {
    return step;
  }

  /** {@return the exception} */
  public Throwable error() {
    return error;
  }

  /** {@return the event being delivered} */
  public Object event() {
    return event;
  }

  /** {@return the event's context} */
  public EventContext context() {
    return context;
  }

  @Override
  public String toString() {
    return "HandlerFailure["
        + handler
        + " "
        + step
        + " on "
        + context.typeName()
        + " "
        + context.eventId()
        + ": "
        + error
        + "]";
  }
}
