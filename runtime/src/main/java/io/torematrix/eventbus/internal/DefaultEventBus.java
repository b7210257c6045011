package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.DurableSubscriptions;
import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventBusMetrics;
import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.EventHistory;
import io.torematrix.eventbus.EventTypeMetrics;
import io.torematrix.eventbus.HandlerFailure;
import io.torematrix.eventbus.PublishOptions;
import io.torematrix.eventbus.PublishResult;
import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.Subscription;
import io.torematrix.eventbus.spi.EventRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The {@link EventBus} that {@code EventBus.builder().build()} returns: a facade over
 * collaborators with one job each, built from the builder's settings.
 *
 * <ul>
 *   <li>{@link HandlerBinder} turns listeners and lambdas into subscribers of the {@link
 *       SubscriberRegistry};
 *   <li>{@link Publisher} gives an event its context, runs its middleware and hands it to the
 *       {@link Deliverer}, which counts it in flight, reserves room on its {@link Lanes}, appends
 *       it to the store (write-ahead, through {@link Storage}) and runs its handlers through the
 *       {@link HandlerInvoker};
 *   <li>{@link RequestReply} awaits replies on reply topics;
 *   <li>{@link Receiver} accepts events received from other buses;
 *   <li>{@link History} reads stored events back;
 *   <li>{@link DurableRegistry} runs a {@link DurableWorker} per durable subscription;
 *   <li>{@link Lifecycle} counts the work in flight, drains and closes.
 * </ul>
 */
final class DefaultEventBus implements EventBus {
  static {
    // Initialise, when the first bus is built, the classes with initialisers that publishing may
    // first need deep in a stack: a class whose initialisation fails, with a StackOverflowError
    // say, stays unusable for the life of the JVM.
    ThreadState.get();
    CompletableFuture.completedFuture(null);
    HandlerFailure.Step.values();
    LockSupport.unpark(null);
    ThreadLocalRandom.current(); // the sampling of handler timings
    new AtomicLongArray(0); // a handler-time histogram's stripes, made as threads first record
  }

  private final EventTypes types;
  private final Lanes lanes;
  private final Lifecycle lifecycle;
  private final SubscriberRegistry registry;
  private final HandlerBinder binder;
  private final Publisher publisher;
  private final RequestReply requests;
  private final Receiver receiver;
  /** {@code null} without a store. */
  private final History history;
  private final DurableRegistry durables;

  DefaultEventBus(BusBuilder builder) {
    this.types = EventTypes.load(builder);
    MiddlewareChains middleware = MiddlewareChains.from(builder, types);
    Storage storage = Storage.from(builder, types);
    BusThreads threads = new BusThreads();
    this.lanes = Lanes.from(builder, threads);
    BusClock clock = BusClock.open();
    HandlerInvoker invoker = new HandlerInvoker(builder, clock);
    this.registry = new SubscriberRegistry(types);
    Batches batches = new Batches(lanes, clock);
    EventIds ids = new EventIds();
    this.durables = new DurableRegistry(builder, storage, types, invoker, threads);
    this.lifecycle = new Lifecycle(builder, batches, lanes, storage, durables, clock, ids, invoker);
    this.binder = new HandlerBinder(types, registry, invoker, lanes, batches, lifecycle, durables);
    Deliverer deliverer = new Deliverer(registry, invoker, lanes, lifecycle, storage);
    this.publisher = new Publisher(types, middleware, deliverer, lifecycle, ids);
    this.requests = new RequestReply(types, publisher, binder, ids, clock);
    this.receiver = new Receiver(types, storage, publisher, lifecycle);
    this.history =
        storage == null
            ? null
            : new History(storage, types, binder, invoker, lanes.normalExecutor, lifecycle);
    if (builder.shutdownHook) {
      lifecycle.closeAtShutdown(this::close);
    }
  }

  @Override
  public Subscription register(Object listener) {
    return binder.register(listener);
  }

  @Override
  public <E> Subscription subscribe(
      Class<E> type, Consumer<? super E> handler, SubscribeOptions<? super E> options) {
    return binder.subscribe(type, handler, options);
  }

  @Override
  public <E> Subscription subscribeAsync(
      Class<E> type,
      Function<? super E, ? extends CompletionStage<?>> handler,
      SubscribeOptions<? super E> options) {
    return binder.subscribeAsync(type, handler, options);
  }

  @Override
  public <E> Subscription subscribeBatch(
      Class<E> type, Consumer<? super List<E>> handler, SubscribeOptions<? super E> options) {
    return binder.subscribeBatch(type, handler, options);
  }

  @Override
  public CompletionStage<PublishResult> publish(Object event) {
    return publisher.publish(event, PublishOptions.defaults(), null);
  }

  @Override
  public CompletionStage<PublishResult> publish(Object event, String topic) {
    return publisher.publish(event, PublishOptions.defaults().topic(topic), null);
  }

  @Override
  public void post(Object event) {
    publisher.post(event, null);
  }

  @Override
  public void post(Object event, String topic) {
    publisher.post(event, Objects.requireNonNull(topic, "topic"));
  }

  @Override
  public CompletionStage<PublishResult> publish(Object event, PublishOptions options) {
    Objects.requireNonNull(options, "options");
    return publisher.publish(event, options, null);
  }

  @Override
  public Optional<CompletionStage<PublishResult>> receive(EventRecord record) {
    return receiver.receive(record);
  }

  @Override
  public <R> CompletionStage<R> request(Object request, Class<R> responseType, Duration timeout) {
    return requests.request(request, responseType, timeout);
  }

  @Override
  public CompletionStage<PublishResult> reply(EventContext request, Object response) {
    return requests.reply(request, response);
  }

  @Override
  public EventHistory history() {
    if (history == null) {
      throw new IllegalStateException(
          "the bus has no store, so no history: configure one with EventBus.builder().store(...)");
    }
    return history;
  }

  @Override
  public DurableSubscriptions durable() {
    return durables;
  }

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
        lanes.metrics(),
        lifecycle.inFlight.count());
  }

  @Override
  public boolean drain(Duration timeout) throws InterruptedException {
    return lifecycle.drain(timeout);
  }

  @Override
  public boolean isClosed() {
    return lifecycle.isClosed();
  }

  @Override
  public void close() {
    try {
      lifecycle.close();
    } finally {
      if (lifecycle.isClosed()) {
        requests.failWaiting();
        registry.close();
      }
    }
  }

  @Override
  public String toString() {
    return "EventBus[" + lifecycle + ", " + lanes + "]";
  }
}
