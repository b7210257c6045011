package io.torematrix.eventbus.middleware;

import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.EventMiddleware;
import io.torematrix.eventbus.HandlerFailure;
import io.torematrix.eventbus.PublishResult;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Logs every event through {@link System.Logger}: when it is published, and its outcome. Clean
 * outcomes go at the configured level ({@code DEBUG} by default), outcomes with failures, refused
 * events and dead events at {@code WARNING}.
 *
 * <pre>{@code
 * EventBus bus = EventBus.builder().middleware(new LoggingMiddleware()).build();
 * }</pre>
 */
public final class LoggingMiddleware implements EventMiddleware {
  private final Logger logger;
  private final Level level;

  /** Logs to {@code io.torematrix.eventbus.events} at {@code DEBUG}. */
  public LoggingMiddleware() {
    this(System.getLogger("io.torematrix.eventbus.events"), Level.DEBUG);
  }

  /**
   * Logs to {@code logger}; clean outcomes at {@code level}.
   *
   * @param logger the logger to write to
   * @param level the level of publications without failures (failures are logged at {@code
   *     WARNING})
   */
  public LoggingMiddleware(Logger logger, Level level) {
    this.logger = Objects.requireNonNull(logger, "logger");
    this.level = Objects.requireNonNull(level, "level");
  }

  @Override
  public CompletionStage<PublishResult> intercept(Chain chain) {
    EventContext context = chain.context();
    if (logger.isLoggable(level)) {
      logger.log(level, "publishing " + describe(context) + ": " + chain.event());
    }
    long start = System.nanoTime();
    return chain
        .proceed()
        .whenComplete((result, error) -> logOutcome(context, result, error, System.nanoTime() - start));
  }

  private void logOutcome(EventContext context, PublishResult result, Throwable error, long nanos) {
    String took = " in " + (nanos / 1_000) + " µs";
    if (error != null) {
      logger.log(Level.WARNING, "refused " + describe(context) + ": " + error.getMessage(), error);
    } else if (!result.isSuccessful()) {
      StringBuilder message =
          new StringBuilder("handled ")
              .append(describe(context))
              .append(" with failures")
              .append(took)
              .append(": ")
              .append(counts(result));
      for (HandlerFailure failure : result.failures()) {
        message.append("; ").append(failure.handler()).append(": ").append(failure.error());
      }
      logger.log(Level.WARNING, message.toString());
    } else if (result.isDead()) {
      logger.log(Level.WARNING, "nobody received " + describe(context));
    } else if (logger.isLoggable(level)) {
      logger.log(level, "handled " + describe(context) + took + ": " + counts(result));
    }
  }

  private static String describe(EventContext context) {
    return context.typeName() + " event " + context.eventId() + " on " + context.topic();
  }

  private static String counts(PublishResult result) {
    return "delivered="
        + result.delivered()
        + " filtered="
        + result.filtered()
        + " failed="
        + result.failed()
        + " deferred="
        + result.deferred();
  }
}
