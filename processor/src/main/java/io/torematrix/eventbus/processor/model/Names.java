package io.torematrix.eventbus.processor.model;

/** Qualified names of the types the processor reads, written once. */
public final class Names {
  /** {@code @Event}. */
  public static final String EVENT = "io.torematrix.eventbus.annotation.Event";

  /** {@code @Subscribe}. */
  public static final String SUBSCRIBE = "io.torematrix.eventbus.annotation.Subscribe";

  /** {@code @Middleware}. */
  public static final String MIDDLEWARE = "io.torematrix.eventbus.annotation.Middleware";

  /** The runtime's middleware interface, which a {@code @Middleware} class implements. */
  public static final String EVENT_MIDDLEWARE = "io.torematrix.eventbus.EventMiddleware";

  /** The runtime's event context, a handler's optional second parameter. */
  public static final String EVENT_CONTEXT = "io.torematrix.eventbus.EventContext";

  /** What an asynchronous handler returns. */
  public static final String COMPLETION_STAGE = "java.util.concurrent.CompletionStage";

  private Names() {}
}
