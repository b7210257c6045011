package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.DeadEvent;
import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.EventMiddleware;
import io.torematrix.eventbus.EventRejectedException;
import io.torematrix.eventbus.PublishOptions;
import io.torematrix.eventbus.PublishResult;
import io.torematrix.eventbus.annotation.TopicSyntax;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Publishes one event: gives it a context (id, time, topic, correlation), runs it through its
 * middleware chain, and hands it to the {@link Deliverer}, which accepts it. An event nobody
 * receives is published again as a {@link DeadEvent}.
 *
 * <p>Nothing is counted while an event runs through its middleware: it is accepted, and counted
 * in flight, when the last middleware proceeds. A middleware that throws, an {@code Error}
 * included, fails the publish stage with what it threw.
 *
 * <p>An event of a {@linkplain EventType#direct direct} type (no middleware, not stored) on its
 * default topic whose handlers are all {@code IMMEDIATE} and synchronous takes the shortest way:
 * its handlers run at once, and its context is made only when something reads it, or, for {@code
 * publish}, when its result is made, at the end of the call; so its id still follows those of the
 * events published before it and precedes those of the events its handlers published.
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
    for (EventType type : types.all()) {
      type.direct =
          middleware.forEvent(type, type.info().defaultTopic()).length == 0
              && !deliverer.stores(type);
    }
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
    ThreadState thread = ThreadState.get();
    EventType type = thread.typeOf(event.getClass(), types);
    if (lifecycle.isClosed()) {
      throw deliverer.closedException(type, event);
    }
    if (type.direct && options == PublishOptions.defaults() && replyTo == null) {
      String topic = type.info().defaultTopic();
      Selection selection = deliverer.select(type, topic);
      if (selection.immediateSyncOnly) {
        return deliverer.publishNow(selection, event, type, topic, ids, thread);
      }
    }
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

  /**
   * Publishes {@code event} on {@code topic} ({@code null}: its type's default topic) without a
   * result: what refuses the event before its handlers have it is thrown, a checked exception
   * wrapped in an {@link EventRejectedException}; a refusal that comes only after this returned
   * is logged.
   *
   * @throws IllegalArgumentException if its class is not a known event type, or the topic is
   *     invalid
   * @throws IllegalStateException if the bus is closed
   */
  void post(Object event, String topic) {
    Objects.requireNonNull(event, "event");
    ThreadState thread = ThreadState.get();
    EventType type = thread.typeOf(event.getClass(), types);
    if (lifecycle.isClosed()) {
      throw deliverer.closedException(type, event);
    }
    String onTopic =
        topic == null ? type.info().defaultTopic() : TopicSyntax.requireValid(topic, false);
    if (topic == null
        ? type.direct
        : middleware.forEvent(type, onTopic).length == 0 && !deliverer.stores(type)) {
      Selection selection = deliverer.select(type, onTopic);
      if (selection.immediateSyncOnly) {
        deliverer.postNow(selection, event, type, onTopic, ids, thread);
        return;
      }
      if (selection.normalSyncOnly
          && deliverer.postToLane(selection, event, type, onTopic, ids, thread)) {
        return;
      }
    }
    PublishOptions options =
        topic == null ? PublishOptions.defaults() : PublishOptions.defaults().topic(onTopic);
    CompletionStage<PublishResult> stage = publish(event, options, null);
    CompletableFuture<PublishResult> future = ourFuture(stage);
    if (future != null && future.isDone()) {
      Throwable refusal = HandlerInvoker.failureOf(future);
      if (refusal instanceof Error error) {
        throw error;
      }
      if (refusal != null) {
        throw refused(refusal);
      }
    } else {
      stage.whenComplete(
          (result, refusal) -> {
            if (refusal != null) {
              LOG.log(
                  System.Logger.Level.WARNING,
                  "a posted " + event.getClass().getName() + " event was refused after post returned",
                  HandlerInvoker.unwrap(refusal));
            }
          });
    }
  }

  /** {@code stage} as a future, or {@code null} if it is a middleware's that cannot be one. */
  private static CompletableFuture<PublishResult> ourFuture(CompletionStage<PublishResult> stage) {
    try {
      return stage.toCompletableFuture();
    } catch (UnsupportedOperationException notAFuture) {
      return null;
    }
  }

  /** What {@code post} throws for {@code refusal}, not an {@code Error}: itself if unchecked. */
  static RuntimeException refused(Throwable refusal) {
    if (refusal instanceof RuntimeException exception) {
      return exception;
    }
    return new EventRejectedException(
        "the event was rejected before any handler had it: " + refusal, refusal);
  }

  private EventContext newContext(
      EventType type, String topic, PublishOptions options, String replyTo, ThreadState thread) {
    EventContext parent =
        options.causedBy() != null ? options.causedBy() : thread.currentContext();
    return newContext(ids, type, topic, options.headers(), replyTo, parent);
  }

  /**
   * A new context, its id from {@code ids}, stamped now, for an event of {@code type} on {@code
   * topic}, caused by {@code parent} if that is not {@code null}.
   *
   * @param headers the event's headers, or {@code null} for none
   * @param replyTo the reply topic of a request, or {@code null}
   */
  static EventContext newContext(
      EventIds ids,
      EventType type,
      String topic,
      Map<String, String> headers,
      String replyTo,
      EventContext parent) {
    Instant now = BusClock.now();
    EventContext.Builder context =
        EventContext.builder()
            .eventId(ids.next(now.toEpochMilli()))
            .timestamp(now)
            .topic(topic)
            .type(type.info().name(), type.info().version())
            .replyTo(replyTo);
    if (headers != null) {
      context.headers(headers);
    }
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
