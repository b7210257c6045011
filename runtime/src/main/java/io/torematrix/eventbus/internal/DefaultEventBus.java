package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.BackpressurePolicy;
import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.HandlerFailure;
import io.torematrix.eventbus.PublishResult;
import io.torematrix.eventbus.QueueFullException;
import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.Subscription;
import io.torematrix.eventbus.spi.EventBusIndex;
import io.torematrix.eventbus.spi.HandlerSpec;
import io.torematrix.eventbus.spi.ListenerDispatcher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/** The {@link EventBus} that {@code EventBus.builder().build()} returns. */
public final class DefaultEventBus implements EventBus {
  private static final System.Logger LOG = System.getLogger("io.torematrix.eventbus");

  /** What the builder configured; {@code null} executor and error handler mean the defaults. */
  public record Settings(
      Executor executor,
      Consumer<? super HandlerFailure> errorHandler,
      int queueCapacity,
      BackpressurePolicy backpressure,
      Duration closeTimeout,
      List<EventBusIndex> indexes,
      boolean discoverIndexes,
      ClassLoader classLoader) {}

  private final EventTypes types;
  private final SubscriberRegistry registry = new SubscriberRegistry();
  private final HandlerInvoker invoker;
  private final Lane normalLane;
  private final Lane deferredLane;
  private final Duration closeTimeout;
  private final EventIds ids = new EventIds();
  private final InFlight inFlight = new InFlight();
  private final AtomicLong lambdaNumbers = new AtomicLong();
  private final Object closeLock = new Object();
  private volatile boolean closed;
  private boolean terminated;

  /** Builds a bus; use {@link EventBus#builder()}. */
  public DefaultEventBus(Settings settings) {
    this.types = EventTypes.merge(indexes(settings));
    this.invoker =
        new HandlerInvoker(
            settings.errorHandler() != null
                ? settings.errorHandler()
                : HandlerInvoker::logFailure);
    boolean ownsExecutor = settings.executor() == null;
    this.normalLane =
        new Lane(
            "NORMAL",
            settings.queueCapacity(),
            ownsExecutor ? BusThreads.normalPool() : settings.executor(),
            ownsExecutor,
            settings.backpressure());
    this.deferredLane =
        new Lane(
            "DEFERRED",
            settings.queueCapacity(),
            BusThreads.deferredThread(),
            true,
            settings.backpressure());
    this.closeTimeout = settings.closeTimeout();
  }

  private static List<EventBusIndex> indexes(Settings settings) {
    List<EventBusIndex> indexes = new ArrayList<>(settings.indexes());
    if (settings.discoverIndexes()) {
      ClassLoader loader = settings.classLoader();
      if (loader == null) {
        loader = Thread.currentThread().getContextClassLoader();
      }
      if (loader == null) {
        loader = DefaultEventBus.class.getClassLoader();
      }
      ServiceLoader.load(EventBusIndex.class, loader).forEach(indexes::add);
    }
    return indexes;
  }

  @Override
  public Subscription register(Object listener) {
    Objects.requireNonNull(listener, "listener");
    requireOpen("register " + listener.getClass().getName());
    ListenerDispatcher[] dispatchers = types.dispatchersFor(listener.getClass());
    if (dispatchers.length == 0) {
      throw new IllegalArgumentException(
          "cannot register "
              + listener.getClass().getName()
              + ": no generated dispatcher was found for it or its superclasses. Either it declares"
              + " no @Subscribe method, or eventbus-processor was not on the compiler's annotation"
              + " processor path when it was compiled (add io.torematrix.eventbus:eventbus-processor"
              + " to annotationProcessorPaths). Under the module system, its module must also"
              + " declare 'provides io.torematrix.eventbus.spi.EventBusIndex with' the generated"
              + " index.");
    }
    List<Subscriber<?>> subscribers = new ArrayList<>();
    for (int i = dispatchers.length - 1; i >= 0; i--) {
      dispatchers[i].bind(listener, spec -> subscribers.add(subscriber(spec)));
    }
    return add(subscribers);
  }

  @Override
  public <E> Subscription subscribe(
      Class<E> type, Consumer<? super E> handler, SubscribeOptions<E> options) {
    Objects.requireNonNull(handler, "handler");
    return add(List.of(subscriber(spec(type, options).sync((event, context) -> handler.accept(event)))));
  }

  @Override
  public <E> Subscription subscribeAsync(
      Class<E> type,
      Function<? super E, ? extends CompletionStage<?>> handler,
      SubscribeOptions<E> options) {
    Objects.requireNonNull(handler, "handler");
    return add(List.of(subscriber(spec(type, options).async((event, context) -> handler.apply(event)))));
  }

  private <E> HandlerSpec<E> spec(Class<E> type, SubscribeOptions<E> options) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(options, "options");
    requireOpen("subscribe to " + type.getName());
    HandlerSpec<E> spec =
        HandlerSpec.of(
                type,
                "lambda subscriber #"
                    + lambdaNumbers.incrementAndGet()
                    + " of "
                    + type.getSimpleName())
            .priority(options.priority())
            .order(options.order())
            .topics(options.topics().toArray(String[]::new));
    if (options.filter() != null) {
      spec.filter(options.filter()::test);
    }
    if (options.onError() != null) {
      spec.onError(options.onError()::accept);
    }
    return spec;
  }

  private Subscriber<?> subscriber(HandlerSpec<?> spec) {
    types.require(spec.eventType());
    return Subscriber.of(spec, registry.nextSequence());
  }

  private Subscription add(List<Subscriber<?>> subscribers) {
    registry.add(subscribers);
    return new Registration(subscribers, registry, () -> !closed);
  }

  @Override
  public CompletionStage<PublishResult> publish(Object event) {
    Objects.requireNonNull(event, "event");
    EventType type = types.require(event.getClass());
    return dispatch(event, type, type.info().defaultTopic());
  }

  @Override
  public CompletionStage<PublishResult> publish(Object event, String topic) {
    Objects.requireNonNull(event, "event");
    EventType type = types.require(event.getClass());
    return dispatch(event, type, Topics.requireTopic(topic));
  }

  private CompletionStage<PublishResult> dispatch(Object event, EventType type, String topic) {
    inFlight.enter();
    if (closed) {
      inFlight.exit();
      throw new IllegalStateException(
          "the bus is closed: " + type.info().name() + " event " + event + " was not published");
    }
    Selection selection = registry.route(type).select(topic);
    try {
      reserveRoom(selection, type);
    } catch (QueueFullException refused) {
      inFlight.exit();
      return CompletableFuture.failedStage(refused);
    }
    EventContext context = newContext(type, topic);
    Publication publication =
        new Publication(event, context, selection.deferred.length, inFlight::exit);
    invoker.deliverAll(selection.immediate, publication);
    if (selection.normal.length > 0) {
      publication.expect();
      submit(normalLane, new DeliveryTask(invoker, selection.normal, publication));
    }
    if (selection.deferred.length > 0) {
      inFlight.enter();
      Publication later = new Publication(event, context, 0, inFlight::exit);
      submit(deferredLane, new DeliveryTask(invoker, selection.deferred, later));
    }
    publication.arrive();
    return publication.result();
  }

  private void reserveRoom(Selection selection, EventType type) {
    String what = "the " + type.info().name() + " event";
    if (selection.normal.length > 0) {
      normalLane.reserve(what);
    }
    if (selection.deferred.length > 0) {
      try {
        deferredLane.reserve(what);
      } catch (QueueFullException refused) {
        if (selection.normal.length > 0) {
          normalLane.cancel();
        }
        throw refused;
      }
    }
  }

  private static void submit(Lane lane, DeliveryTask task) {
    try {
      lane.execute(task);
    } catch (RejectedExecutionException e) {
      task.abandon(e);
    }
  }

  private EventContext newContext(EventType type, String topic) {
    EventContext parent = HandlerInvoker.current();
    UUID id = ids.next();
    return EventContext.builder()
        .eventId(id)
        .timestamp(Instant.now())
        .topic(topic)
        .type(type.info().name(), type.info().version())
        .correlationId(parent == null ? id : parent.correlationId())
        .causationId(parent == null ? null : parent.eventId())
        .build();
  }

  @Override
  public boolean drain(Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, "timeout");
    return inFlight.awaitIdle(timeout);
  }

  @Override
  public void close() {
    if (HandlerInvoker.current() != null) {
      throw new IllegalStateException(
          "close() was called from inside a handler and would wait for that handler to finish;"
              + " close the bus from outside its handlers");
    }
    synchronized (closeLock) {
      if (terminated) {
        return;
      }
      closed = true;
      boolean idle = awaitIdleOnClose();
      IllegalStateException reason =
          new IllegalStateException(
              "the bus was closed before this handler ran: it stayed busy for longer than its"
                  + " close timeout of "
                  + closeTimeout);
      normalLane.shutdown(!idle, reason);
      deferredLane.shutdown(!idle, reason);
      if (!idle) {
        LOG.log(
            System.Logger.Level.WARNING,
            "the event bus was still busy after its close timeout of "
                + closeTimeout
                + "; handlers that had not started were reported as failed");
      }
      terminated = true;
    }
  }

  private boolean awaitIdleOnClose() {
    try {
      return inFlight.awaitIdle(closeTimeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return inFlight.count() == 0;
    }
  }

  private void requireOpen(String action) {
    if (closed) {
      throw new IllegalStateException("the bus is closed: cannot " + action);
    }
  }

  @Override
  public String toString() {
    return "EventBus[" + (closed ? "closed" : "open") + ", in flight=" + inFlight.count() + "]";
  }
}
