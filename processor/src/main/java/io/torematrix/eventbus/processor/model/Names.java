package io.torematrix.eventbus.processor.model;

/** Qualified names of the types the processor reads, written once. */
public final class Names {
  public static final String EVENT = "io.torematrix.eventbus.annotation.Event";
  public static final String SUBSCRIBE = "io.torematrix.eventbus.annotation.Subscribe";
  public static final String MIDDLEWARE = "io.torematrix.eventbus.annotation.Middleware";
  public static final String EVENT_MIDDLEWARE = "io.torematrix.eventbus.EventMiddleware";
  public static final String EVENT_CONTEXT = "io.torematrix.eventbus.EventContext";
  public static final String COMPLETION_STAGE = "java.util.concurrent.CompletionStage";

  private Names() {}
}
