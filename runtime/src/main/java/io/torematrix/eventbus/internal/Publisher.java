package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.DeadEvent;
import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.EventMiddleware;
import io.torematrix.eventbus.PublishOptions;
import io.torematrix.eventbus.PublishResult;
import io.torematrix.eventbus.QueueFullException;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Publishes one event: gives it a context (id, time, topic, correlation), runs it through its
 * middleware chain, and accepts it: room on its lanes, then the write-ahead append to the store,
 * then the {@link Deliverer}. An event nobody receives is published again as a {@link
 * DeadEvent}.
 */
final class Publisher {
  private static final System.Logger LOG = System.getLogger("io.torematrix.eventbus");

  private final EventTypes types;
  private final MiddlewareChains middleware;
  private final Storage storage;
  private final Deliverer deliverer;
  private final Lifecycle lifecycle;
  private final EventIds ids;

  /** @param storage where events are appended before delivery; {@code null} without a store */
  Publisher(
      EventTypes types,
      MiddlewareChains middleware,
      Storage storage,
      Deliverer deliverer,
      Lifecycle lifecycle,
      EventIds ids) {
    this.types = types;
    this.middleware = middleware;
    this.storage = storage;
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
    if (!lifecycle.enter()) {
      throw new IllegalStateException(
          "the bus is closed: " + type.info().name() + " event " + event + " was not published");
    }
    String topic = options.topic() == null ? type.info().defaultTopic() : options.topic();
    EventContext context = newContext(type, topic, options, replyTo);
    EventMiddleware[] chain = middleware.forEvent(type, topic);
    InFlight inFlight = lifecycle.inFlight;
    if (chain.length == 0) {
      return accept(event, type, context, options, inFlight.exitTask);
    }
    CompletionStage<PublishResult> stage =
        MiddlewareChain.run(
            chain,
            event,
            context,
            () -> {
              inFlight.enter();
              return accept(event, type, context, options, inFlight.exitTask);
            });
    stage.whenComplete((result, error) -> inFlight.exit());
    return stage;
  }

  private EventContext newContext(
      EventType type, String topic, PublishOptions options, String replyTo) {
    EventContext parent = options.causedBy() != null ? options.causedBy() : HandlerInvoker.current();
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
   * Accepts an event that passed its middleware: reserves room on its lanes, appends it to the
   * store, and hands it to the deliverer. {@code onComplete} runs once its handlers are done, or
   * at once if it is refused.
   */
  private CompletionStage<PublishResult> accept(
      Object event,
      EventType type,
      EventContext context,
      PublishOptions options,
      Runnable onComplete) {
    Selection selection = deliverer.select(type, context.topic());
    try {
      deliverer.reserve(selection, type);
    } catch (QueueFullException refused) {
      onComplete.run();
      return CompletableFuture.failedStage(refused);
    }
    try {
      writeAhead(event, type, context, options);
    } catch (RuntimeException notStored) {
      deliverer.release(selection);
      onComplete.run();
      return CompletableFuture.failedStage(notStored);
    }
    TypeMetrics metrics = type.metrics();
    metrics.published();
    CompletionStage<PublishResult> result =
        deliverer.deliver(selection, event, context, metrics, onComplete);
    if (selection.isEmpty()) {
      metrics.dead();
      publishDeadEvent(event, type, context);
    }
    return result;
  }

  /** Appends the event to the store, if there is one, before any handler sees it. */
  private void writeAhead(Object event, EventType type, EventContext context, PublishOptions options) {
    if (storage == null) {
      if (options.streamId() != null) {
        throw new IllegalStateException(
            "publishing to stream \""
                + options.streamId()
                + "\" needs a store: configure one with EventBus.builder().store(...)");
      }
      return;
    }
    if (storage.stores(type)) {
      storage.append(event, type, context, options.streamId(), options.expected());
    }
  }

  private void publishDeadEvent(Object event, EventType type, EventContext context) {
    if (type.info().type() == DeadEvent.class) {
      return;
    }
    try {
      publish(new DeadEvent(event, context), PublishOptions.defaults().causedBy(context), null)
          .whenComplete(
              (result, error) -> {
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
    }
  }
}
