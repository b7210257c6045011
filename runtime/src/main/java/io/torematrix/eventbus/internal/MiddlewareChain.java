package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.EventMiddleware;
import io.torematrix.eventbus.PublishResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * One link of the middleware chain of one event, index-based like OkHttp's: {@link #proceed()}
 * calls the middleware at this index with the next link, and the link past the last one delivers
 * the event to its handlers. Each link can be proceeded once. Whatever a middleware throws, an
 * {@code Error} included, fails the stage of its link.
 */
final class MiddlewareChain implements EventMiddleware.Chain {
  private final EventMiddleware[] middleware;
  private final int index;
  private final Object event;
  private final EventContext context;
  private final Supplier<CompletionStage<PublishResult>> handlers;
  private boolean proceeded;

  private MiddlewareChain(
      EventMiddleware[] middleware,
      int index,
      Object event,
      EventContext context,
      Supplier<CompletionStage<PublishResult>> handlers) {
    this.middleware = middleware;
    this.index = index;
    this.event = event;
    this.context = context;
    this.handlers = handlers;
  }

  /** Runs {@code event} through {@code middleware}, then to {@code handlers}. */
  static CompletionStage<PublishResult> run(
      EventMiddleware[] middleware,
      Object event,
      EventContext context,
      Supplier<CompletionStage<PublishResult>> handlers) {
    return new MiddlewareChain(middleware, 0, event, context, handlers).proceed();
  }

  @Override
  public Object event() {
    return event;
  }

  @Override
  public EventContext context() {
    return context;
  }

  @Override
  public CompletionStage<PublishResult> proceed() {
    if (proceeded) {
      throw new IllegalStateException(
          "middleware "
              + middleware[index - 1].getClass().getName()
              + " called proceed() more than once for "
              + context.typeName()
              + " event "
              + context.eventId()
              + "; it must call it at most once");
    }
    proceeded = true;
    if (index == middleware.length) {
      return handlers.get();
    }
    EventMiddleware current = middleware[index];
    CompletionStage<PublishResult> stage;
    try {
      stage = current.intercept(new MiddlewareChain(middleware, index + 1, event, context, handlers));
    } catch (Throwable rejected) {
      return Deliverer.failedStage(rejected);
    }
    if (stage == null) {
      return CompletableFuture.failedStage(
          new NullPointerException(
              "middleware " + current.getClass().getName() + " returned null instead of a stage"));
    }
    return stage;
  }
}
