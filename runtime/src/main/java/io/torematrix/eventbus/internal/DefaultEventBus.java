package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.BackpressurePolicy;
import io.torematrix.eventbus.DeadEvent;
import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.EventBusMetrics;
import io.torematrix.eventbus.EventMiddleware;
import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.EventTypeMetrics;
import io.torematrix.eventbus.Folded;
import io.torematrix.eventbus.HandlerFailure;
import io.torematrix.eventbus.HandlerTiming;
import io.torematrix.eventbus.PublishOptions;
import io.torematrix.eventbus.PublishResult;
import io.torematrix.eventbus.QueueFullException;
import io.torematrix.eventbus.ReplayResult;
import io.torematrix.eventbus.StoredEvent;
import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.Subscription;
import io.torematrix.eventbus.annotation.Priority;
import io.torematrix.eventbus.codec.EventCodec;
import io.torematrix.eventbus.codec.JsonEventCodec;
import io.torematrix.eventbus.codec.Upcaster;
import io.torematrix.eventbus.spi.EventBusIndex;
import io.torematrix.eventbus.spi.EventStore;
import io.torematrix.eventbus.spi.HandlerSpec;
import io.torematrix.eventbus.spi.ListenerDispatcher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** The {@link EventBus} that {@code EventBus.builder().build()} returns. */
public final class DefaultEventBus implements EventBus {
  private static final System.Logger LOG = System.getLogger("io.torematrix.eventbus");
  private static final Executor CALLER_THREAD = Runnable::run;

  /** What the builder configured; {@code null} executor and error handler mean the defaults. */
  public record Settings(
      Executor executor,
      Consumer<? super HandlerFailure> errorHandler,
      int queueCapacity,
      BackpressurePolicy backpressure,
      Duration closeTimeout,
      List<EventBusIndex> indexes,
      boolean discoverIndexes,
      ClassLoader classLoader,
      List<EventMiddleware> middleware,
      boolean discoverMiddleware,
      List<EventMiddleware> middlewareInstances,
      boolean direct,
      HandlerTiming handlerTiming,
      EventStore store,
      EventCodec codec,
      List<Upcaster> upcasters) {}

  private final EventTypes types;
  private final SubscriberRegistry registry;
  private final HandlerInvoker invoker;
  private final Lane normalLane;
  private final Lane deferredLane;
  private final ScheduledExecutorService deferredTimer;
  private final MiddlewareChains middleware;
  private final Storage storage;
  private final Set<Batcher<?>> batchers = ConcurrentHashMap.newKeySet();
  private final Duration closeTimeout;
  private final EventIds ids = new EventIds();
  private final InFlight inFlight = new InFlight();
  /** Leaves {@link #inFlight}: one instance, so that publishing does not allocate it each time. */
  private final Runnable exitInFlight = inFlight::exit;
  private final AtomicLong lambdaNumbers = new AtomicLong();
  private final Object closeLock = new Object();
  private volatile boolean closed;
  private boolean terminated;

  /** Builds a bus; use {@link EventBus#builder()}. */
  public DefaultEventBus(Settings settings) {
    this.types = EventTypes.merge(indexes(settings));
    this.registry = new SubscriberRegistry(types);
    this.invoker =
        new HandlerInvoker(
            settings.errorHandler() != null ? settings.errorHandler() : HandlerInvoker::logFailure,
            settings.handlerTiming());
    this.middleware =
        MiddlewareChains.compose(
            settings.middleware(),
            settings.discoverMiddleware() ? types.middleware() : List.of(),
            settings.middlewareInstances(),
            types);
    this.closeTimeout = settings.closeTimeout();
    this.storage =
        settings.store() == null
            ? null
            : new Storage(
                settings.store(),
                settings.codec() != null ? settings.codec() : new JsonEventCodec(settings.upcasters()),
                types);
    int capacity = settings.queueCapacity();
    BackpressurePolicy policy = settings.backpressure();
    if (settings.direct()) {
      this.normalLane = new Lane(Priority.NORMAL, capacity, CALLER_THREAD, false, 0, policy);
      this.deferredLane = new Lane(Priority.DEFERRED, capacity, CALLER_THREAD, false, 0, policy);
      this.deferredTimer = null;
    } else {
      BusThreads threads = new BusThreads();
      boolean ownsExecutor = settings.executor() == null;
      Executor normal = ownsExecutor ? threads.normalPool() : settings.executor();
      this.normalLane =
          new Lane(
              Priority.NORMAL,
              capacity,
              normal,
              ownsExecutor,
              ownsExecutor ? BusThreads.NORMAL_THREADS : 0,
              policy);
      this.deferredTimer = threads.deferredThread();
      this.deferredLane = new Lane(Priority.DEFERRED, capacity, deferredTimer, true, 0, policy);
    }
  }

  private static List<EventBusIndex> indexes(Settings settings) {
    List<EventBusIndex> indexes = new ArrayList<>();
    indexes.add(new BuiltInEvents());
    indexes.addAll(settings.indexes());
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

  // ---------------------------------------------------------------- subscribing

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
    if (options.timeout() != null) {
      throw new IllegalArgumentException(
          "a timeout applies to asynchronous handlers only: use subscribeAsync");
    }
    return add(
        List.of(subscriber(spec(type, options).sync((event, context) -> handler.accept(event)))));
  }

  @Override
  public <E> Subscription subscribeAsync(
      Class<E> type,
      Function<? super E, ? extends CompletionStage<?>> handler,
      SubscribeOptions<E> options) {
    Objects.requireNonNull(handler, "handler");
    HandlerSpec<E> spec = spec(type, options).async((event, context) -> handler.apply(event));
    if (options.timeout() != null) {
      spec.timeout(options.timeout());
    }
    return add(List.of(subscriber(spec)));
  }

  @Override
  public <E> Subscription subscribeBatch(
      Class<E> type, Consumer<? super List<E>> handler, SubscribeOptions<E> options) {
    Objects.requireNonNull(handler, "handler");
    return add(
        List.of(
            subscriber(
                spec(type, options)
                    .batch(options.batchSize(), options.batchWindow(), handler::accept))));
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
            .topics(options.topics().toArray(String[]::new))
            .ordered(options.isOrdered());
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
    Subscriber<?> subscriber =
        Subscriber.of(spec, registry.nextSequence(), invoker, normalLane::execute, deferredTimer);
    if (subscriber.batcher() != null) {
      batchers.add(subscriber.batcher());
    }
    return subscriber;
  }

  private Subscription add(List<Subscriber<?>> subscribers) {
    registry.add(subscribers);
    return new Registration(subscribers, registry, () -> !closed, this::retire);
  }

  /** Lets go of the batches of unsubscribed subscribers: their pending events are released. */
  private void retire(List<Subscriber<?>> subscribers) {
    for (Subscriber<?> subscriber : subscribers) {
      Batcher<?> batcher = subscriber.batcher();
      if (batcher != null && batchers.remove(batcher)) {
        onDeferredThread(batcher::flush);
      }
    }
  }

  // ---------------------------------------------------------------- publishing

  @Override
  public CompletionStage<PublishResult> publish(Object event) {
    return publish(event, PublishOptions.defaults(), null);
  }

  @Override
  public CompletionStage<PublishResult> publish(Object event, String topic) {
    return publish(event, PublishOptions.defaults().topic(topic), null);
  }

  @Override
  public CompletionStage<PublishResult> publish(Object event, PublishOptions options) {
    Objects.requireNonNull(options, "options");
    return publish(event, options, null);
  }

  private CompletionStage<PublishResult> publish(
      Object event, PublishOptions options, String replyTo) {
    Objects.requireNonNull(event, "event");
    EventType type = types.require(event.getClass());
    inFlight.enter();
    if (closed) {
      inFlight.exit();
      throw new IllegalStateException(
          "the bus is closed: " + type.info().name() + " event " + event + " was not published");
    }
    String topic = options.topic() == null ? type.info().defaultTopic() : options.topic();
    EventContext context = newContext(type, topic, options.headers(), options.cause(), replyTo);
    EventMiddleware[] chain = middleware.forEvent(type, context.topic());
    if (chain.length == 0) {
      return deliver(event, type, context, options, exitInFlight);
    }
    CompletionStage<PublishResult> stage =
        MiddlewareChain.run(
            chain,
            event,
            context,
            () -> {
              inFlight.enter();
              return deliver(event, type, context, options, exitInFlight);
            });
    stage.whenComplete((result, error) -> inFlight.exit());
    return stage;
  }

  /** Delivers an accepted event to its handlers; {@code onComplete} runs when all are done. */
  private CompletionStage<PublishResult> deliver(
      Object event,
      EventType type,
      EventContext context,
      PublishOptions options,
      Runnable onComplete) {
    Selection selection = registry.route(type).select(context.topic());
    try {
      reserveRoom(selection, type);
    } catch (QueueFullException refused) {
      onComplete.run();
      return CompletableFuture.failedStage(refused);
    }
    try {
      store(event, type, context, options);
    } catch (RuntimeException notStored) {
      releaseRoom(selection);
      onComplete.run();
      return CompletableFuture.failedStage(notStored);
    }
    TypeMetrics metrics = type.metrics();
    metrics.published();
    if (selection.immediateSyncOnly) {
      try {
        return CompletableFuture.completedFuture(
            invoker.deliverNow(selection.immediate, event, context, metrics));
      } finally {
        onComplete.run();
      }
    }
    Publication publication =
        new Publication(event, context, selection.deferred.length, metrics, onComplete);
    invoker.deliverAll(selection.immediate, publication);
    if (selection.hasNormal()) {
      deliverNormal(selection, publication);
    }
    if (selection.deferred.length > 0) {
      deliverDeferred(selection, event, context, metrics);
    }
    publication.arrive();
    if (selection.isEmpty()) {
      metrics.dead();
      publishDeadEvent(event, type, context);
    }
    return publication.result();
  }

  /** Appends the event to the store, if there is one, before any handler sees it. */
  private void store(Object event, EventType type, EventContext context, PublishOptions options) {
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

  private void releaseRoom(Selection selection) {
    if (selection.hasNormal()) {
      normalLane.release();
    }
    if (selection.deferred.length > 0) {
      deferredLane.release();
    }
  }

  private void reserveRoom(Selection selection, EventType type) {
    String typeName = type.info().name();
    if (selection.hasNormal()) {
      normalLane.reserve(typeName);
    }
    if (selection.deferred.length > 0) {
      try {
        deferredLane.reserve(typeName);
      } catch (QueueFullException refused) {
        if (selection.hasNormal()) {
          normalLane.release();
        }
        throw refused;
      }
    }
  }

  private void deliverNormal(Selection selection, Publication publication) {
    int tasks = (selection.normal.length > 0 ? 1 : 0) + selection.ordered.length;
    LanePart part = new LanePart(normalLane, publication, tasks);
    if (selection.normal.length > 0) {
      submit(normalLane, new DeliveryTask(invoker, selection.normal, publication, part));
    }
    for (Subscriber<?> subscriber : selection.ordered) {
      subscriber
          .serialQueue()
          .enqueue(new DeliveryTask(invoker, subscriber.alone, publication, part));
    }
  }

  private void deliverDeferred(
      Selection selection, Object event, EventContext context, TypeMetrics metrics) {
    inFlight.enter();
    Publication later = new Publication(event, context, 0, metrics, exitInFlight);
    LanePart part = new LanePart(deferredLane, later, 1);
    submit(deferredLane, new DeliveryTask(invoker, selection.deferred, later, part));
    later.arrive();
  }

  private static void submit(Lane lane, DeliveryTask task) {
    try {
      lane.execute(task);
    } catch (RejectedExecutionException e) {
      task.abandon(e);
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
                      "could not publish the DeadEvent of " + context.typeName() + " event " + context.eventId(),
                      error);
                }
              });
    } catch (IllegalStateException closedMeanwhile) {
      LOG.log(
          System.Logger.Level.DEBUG,
          "no DeadEvent for " + context.eventId() + ": the bus closed meanwhile");
    }
  }

  private EventContext newContext(
      EventType type, String topic, Map<String, String> headers, EventContext cause, String replyTo) {
    EventContext parent = cause != null ? cause : HandlerInvoker.current();
    Instant now = CoarseClock.now();
    UUID id = ids.next(now.toEpochMilli());
    return EventContext.published(
        id,
        now,
        topic,
        type.info().name(),
        type.info().version(),
        parent == null ? null : parent.correlationId(),
        parent == null ? null : parent.eventId(),
        headers,
        replyTo);
  }

  // ---------------------------------------------------------------- request and reply

  @Override
  public <R> CompletionStage<R> request(Object request, Class<R> responseType, Duration timeout) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(responseType, "responseType");
    Objects.requireNonNull(timeout, "timeout");
    String what = types.require(request.getClass()).info().name() + " request";
    types.require(responseType);
    String replyTo = "_INBOX." + ids.next().toString().replace("-", "");
    CompletableFuture<R> response = new CompletableFuture<>();
    Subscription listener =
        subscribe(
            responseType,
            response::complete,
            SubscribeOptions.<R>defaults().priority(Priority.IMMEDIATE).topics(replyTo));
    response.whenComplete((value, error) -> listener.close());
    CompletionStage<PublishResult> published;
    try {
      published = publish(request, PublishOptions.defaults(), replyTo);
    } catch (RuntimeException refused) {
      listener.close();
      throw refused;
    }
    published.whenComplete(
        (result, error) -> {
          if (error != null) {
            response.completeExceptionally(error);
          } else if (result.isDead()) {
            response.completeExceptionally(
                new IllegalStateException(
                    "no subscription received the "
                        + what
                        + " "
                        + result.context().eventId()
                        + ", so nobody can reply to it"));
          } else if (result.delivered() == 0
              && result.deferred() == 0
              && !result.failures().isEmpty()) {
            HandlerFailure first = result.failures().get(0);
            response.completeExceptionally(
                new IllegalStateException(
                    "every handler of the " + what + " failed, so nobody replied; " + first.handler() + " threw",
                    first.error()));
          }
        });
    CompletableFuture.delayedExecutor(timeout.toNanos(), TimeUnit.NANOSECONDS)
        .execute(
            () ->
                response.completeExceptionally(
                    new TimeoutException(
                        "no "
                            + types.require(responseType).info().name()
                            + " reply to the "
                            + what
                            + " arrived on "
                            + replyTo
                            + " within "
                            + timeout)));
    return response;
  }

  @Override
  public CompletionStage<PublishResult> reply(EventContext request, Object response) {
    Objects.requireNonNull(request, "request");
    String replyTo =
        request
            .replyTo()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "the "
                            + request.typeName()
                            + " event "
                            + request.eventId()
                            + " expects no reply: it was published, not sent with"
                            + " bus.request(...)"));
    return publish(response, PublishOptions.defaults().topic(replyTo).causedBy(request), null);
  }

  // ---------------------------------------------------------------- stored events

  @Override
  public CompletionStage<List<StoredEvent>> query(EventQuery query) {
    Objects.requireNonNull(query, "query");
    Storage storage = requireStorage("query stored events");
    return onNormalThreads(
        () -> {
          List<StoredEvent> found = new ArrayList<>();
          storage.forEach(query, false, found::add);
          return List.copyOf(found);
        });
  }

  @Override
  public CompletionStage<List<Object>> getEvents(Predicate<Object> condition) {
    Objects.requireNonNull(condition, "condition");
    Storage storage = requireStorage("get stored events");
    return onNormalThreads(
        () -> {
          List<Object> found = new ArrayList<>();
          storage.forEach(
              EventQuery.all(),
              false,
              stored -> {
                if (condition.test(stored.event())) {
                  found.add(stored.event());
                }
              });
          return List.copyOf(found);
        });
  }

  @Override
  public <E> CompletionStage<List<E>> getEvents(Class<E> type, Predicate<? super E> condition) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(condition, "condition");
    types.require(type);
    Storage storage = requireStorage("get stored events");
    EventQuery query = EventQuery.all().types(types.namesDeliveredTo(type).toArray(String[]::new));
    return onNormalThreads(
        () -> {
          List<E> found = new ArrayList<>();
          storage.forEach(
              query,
              false,
              stored -> {
                E event = type.cast(stored.event());
                if (condition.test(event)) {
                  found.add(event);
                }
              });
          return List.copyOf(found);
        });
  }

  @Override
  public <S, E> CompletionStage<Folded<S>> fold(
      String streamId, Class<E> type, S initial, BiFunction<S, ? super E, S> step) {
    Objects.requireNonNull(streamId, "streamId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(step, "step");
    Storage storage = requireStorage("fold a stream");
    return onNormalThreads(
        () -> {
          Object[] state = {initial};
          long[] version = {0};
          storage.forEach(
              EventQuery.all().stream(streamId),
              true,
              stored -> {
                if (!type.isInstance(stored.event())) {
                  throw new IllegalStateException(
                      "stream \""
                          + streamId
                          + "\" holds a "
                          + stored.context().typeName()
                          + " event at version "
                          + stored.streamVersion()
                          + ", which is not a "
                          + type.getSimpleName());
                }
                @SuppressWarnings("unchecked") // state only ever holds S
                S current = (S) state[0];
                state[0] = step.apply(current, type.cast(stored.event()));
                version[0] = stored.streamVersion();
              });
          @SuppressWarnings("unchecked") // state only ever holds S
          S folded = (S) state[0];
          return new Folded<>(folded, version[0]);
        });
  }

  @Override
  public CompletionStage<ReplayResult> replay(EventQuery query, Object listener) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(listener, "listener");
    Storage storage = requireStorage("replay stored events");
    List<Subscriber<?>> subscribers = bindForReplay(listener);
    return onNormalThreads(() -> new Replay(invoker, types, subscribers).run(storage, query));
  }

  @Override
  public CompletionStage<Long> replay(EventQuery query, Consumer<? super StoredEvent> target) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(target, "target");
    Storage storage = requireStorage("replay stored events");
    return onNormalThreads(
        () -> {
          long[] count = {0};
          storage.forEach(
              query,
              true,
              stored -> {
                target.accept(stored);
                count[0]++;
              });
          return count[0];
        });
  }

  /** The handlers of {@code listener}, bound for a replay only: not subscribed to the bus. */
  private List<Subscriber<?>> bindForReplay(Object listener) {
    ListenerDispatcher[] dispatchers = types.dispatchersFor(listener.getClass());
    if (dispatchers.length == 0) {
      throw new IllegalArgumentException(
          "cannot replay into " + listener.getClass().getName() + ": it has no generated dispatcher");
    }
    List<Subscriber<?>> subscribers = new ArrayList<>();
    for (int i = dispatchers.length - 1; i >= 0; i--) {
      dispatchers[i].bind(
          listener,
          spec -> {
            types.require(spec.eventType());
            subscribers.add(Subscriber.of(spec, subscribers.size(), invoker, CALLER_THREAD, null));
          });
    }
    subscribers.sort(Subscriber.DELIVERY_ORDER);
    return subscribers;
  }

  private Storage requireStorage(String action) {
    if (storage == null) {
      throw new IllegalStateException(
          "cannot " + action + ": the bus has no store. Configure one with EventBus.builder().store(...)");
    }
    return storage;
  }

  private <T> CompletionStage<T> onNormalThreads(Supplier<T> work) {
    return CompletableFuture.supplyAsync(work, normalLane::execute);
  }

  // ---------------------------------------------------------------- metrics

  @Override
  public EventBusMetrics metrics() {
    List<TypeMetrics> all = new ArrayList<>();
    List<EventTypeMetrics> snapshots = new ArrayList<>();
    for (EventType type : types.all()) {
      all.add(type.metrics());
      snapshots.add(type.metrics().snapshot());
    }
    snapshots.sort(Comparator.comparing(EventTypeMetrics::eventType));
    return new EventBusMetrics(
        Instant.now(),
        List.copyOf(snapshots),
        TypeMetrics.total(all),
        List.of(normalLane.metrics(), deferredLane.metrics()),
        inFlight.count());
  }

  // ---------------------------------------------------------------- lifecycle

  @Override
  public boolean drain(Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, "timeout");
    onDeferredThread(() -> batchers.forEach(Batcher::flush));
    return inFlight.awaitIdle(timeout);
  }

  /** Runs {@code work} where batches live: on the {@code DEFERRED} thread. */
  private void onDeferredThread(Runnable work) {
    try {
      deferredLane.execute(work);
    } catch (RejectedExecutionException stopped) {
      work.run();
    }
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
      onDeferredThread(() -> batchers.forEach(Batcher::closeWindow));
      boolean idle = awaitIdleOnClose();
      IllegalStateException reason =
          new IllegalStateException(
              "the bus was closed before this handler ran: it stayed busy for longer than its"
                  + " close timeout of "
                  + closeTimeout);
      normalLane.shutdown(!idle, reason);
      deferredLane.shutdown(!idle, reason);
      if (storage != null) {
        storage.close();
      }
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
    return "EventBus["
        + (closed ? "closed" : "open")
        + ", in flight="
        + inFlight.count()
        + ", "
        + normalLane
        + ", "
        + deferredLane
        + "]";
  }
}
