package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.DeadEvent;
import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.EventMiddleware;
import io.torematrix.eventbus.PublishOptions;
import io.torematrix.eventbus.PublishResult;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Publishes one event: gives it a context (id, time, topic, correlation), runs it through its
 * middleware chain, and hands it to the {@link Deliverer}, which accepts it. An event nobody
 * receives is published again as a {@link DeadEvent}.
 *
 * <p>Nothing is counted while an event runs through its middleware: it is accepted, and counted
 * in flight, when the last middleware proceeds. A middleware that throws, an {@code Error}
 * included, fails the publish stage with what it threw.
 */
final class Publisher {
  private static final System.Logger LOG = System.getLogger("io.torematrix.eventbus");

  private final EventTypes types;
  private final MiddlewareChains middleware;
  private final Deliverer deliverer;
  private final Lifecycle lifecycle;
  private final EventIds ids;

  Publisher(
      EventTypes types,
      MiddlewareChains middleware,
      Deliverer deliverer,
      Lifecycle lifecycle,
      EventIds ids) {
    this.types = types;
    this.middleware = middleware;
    this.deliverer = deliverer;
    this.lifecycle = lifecycle;
    this.ids = ids;
  }

  /**
   * Publishes {@code event} as {@code options} say.
   *
   * @param replyTo the reply topic of a request, or {@code null}
   * @throws IllegalArgumentException if its class is not a known event type
   * @throws IllegalStateException if the bus is closed
   */
  CompletionStage<PublishResult> publish(Object event, PublishOptions options, String replyTo) {
    Objects.requireNonNull(event, "event");
    EventType type = types.require(event.getClass());
    if (lifecycle.isClosed()) {
      throw deliverer.closedException(type, event);
    }
    ThreadState thread = ThreadState.get();
    String topic = options.topic() == null ? type.info().defaultTopic() : options.topic();
    EventContext context = newContext(type, topic, options, replyTo, thread);
    EventMiddleware[] chain = middleware.forEvent(type, topic);
    if (chain.length == 0) {
      return accept(event, type, context, options, false, thread);
    }
    return MiddlewareChain.run(
        chain,
        event,
        context,
        () -> accept(event, type, context, options, false, ThreadState.get()));
  }

  private EventContext newContext(
      EventType type, String topic, PublishOptions options, String replyTo, ThreadState thread) {
    EventContext parent = options.causedBy() != null ? options.causedBy() : thread.context;
    Instant now = BusClock.now();
    EventContext.Builder context =
        EventContext.builder()
            .eventId(ids.next(now.toEpochMilli()))
            .timestamp(now)
            .topic(topic)
            .type(type.info().name(), type.info().version())
            .headers(options.headers())
            .replyTo(replyTo);
    if (parent != null) {
      context.correlationId(parent.correlationId()).causationId(parent.eventId());
    }
    return context.build();
  }

  /**
   * Accepts an event that passed its middleware, or one {@code received} from another bus and
   * stored already, on {@code thread}, the calling thread.
   */
  CompletionStage<PublishResult> accept(
      Object event,
      EventType type,
      EventContext context,
      PublishOptions options,
      boolean received,
      ThreadState thread) {
    Selection selection = deliverer.select(type, context.topic());
    CompletionStage<PublishResult> result =
        deliverer.accept(selection, event, type, context, options, received, thread);
    if (selection.isEmpty() && !result.toCompletableFuture().isCompletedExceptionally()) {
      type.metrics().dead();
      publishDeadEvent(event, type, context);
    }
    return result;
  }

  private void publishDeadEvent(Object event, EventType type, EventContext context) {
    if (type.info().type() == DeadEvent.class) {
      return;
    }
    try {
      publish(new DeadEvent(event, context), PublishOptions.defaults().causedBy(context), null)
          .whenComplete(
              (deadResult, error) -> {
                if (error != null) {
                  LOG.log(
                      System.Logger.Level.WARNING,
                      "could not publish the DeadEvent of "
                          + context.typeName()
                          + " event "
                          + context.eventId(),
                      error);
                }
              });
    } catch (IllegalStateException closedMeanwhile) {
      LOG.log(
          System.Logger.Level.DEBUG,
          "no DeadEvent for " + context.eventId() + ": the bus closed meanwhile");
    } catch (Throwable notPublished) {
      LOG.log(
          System.Logger.Level.WARNING,
          "could not publish the DeadEvent of " + context.typeName() + " event " + context.eventId(),
          notPublished);
    }
  }
}
