package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.Subscription;
import io.torematrix.eventbus.spi.HandlerRegistrar;
import io.torematrix.eventbus.spi.HandlerSpec;
import io.torematrix.eventbus.spi.ListenerDispatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Turns handlers into subscribers: the {@code @Subscribe} methods of a listener, through the
 * dispatchers the processor generated for its class and superclasses, and the lambdas of the
 * {@code subscribe} methods, through a {@link HandlerSpec} built from their options. Subscribers
 * of a subscription join the {@link SubscriberRegistry}, and the durable ones get a worker from
 * the {@link DurableRegistry}; those bound for a replay do neither.
 */
final class HandlerBinder {
  private final EventTypes types;
  private final SubscriberRegistry registry;
  private final HandlerInvoker invoker;
  private final Lanes lanes;
  private final Batches batches;
  private final Lifecycle lifecycle;
  private final DurableRegistry durables;
  private final AtomicLong lambdaNumbers = new AtomicLong();
  /** What the binder learnt of each listener class it registered an instance of. */
  private final ConcurrentHashMap<Class<?>, ListenerHandlers> listenerClasses =
      new ConcurrentHashMap<>();
  private final BooleanSupplier busOpen;
  private final Consumer<List<Subscriber<?>>> release = this::release;
  private final Consumer<List<Subscriber<?>>> releaseDurable = this::releaseDurable;

  HandlerBinder(
      EventTypes types,
      SubscriberRegistry registry,
      HandlerInvoker invoker,
      Lanes lanes,
      Batches batches,
      Lifecycle lifecycle,
      DurableRegistry durables) {
    this.types = types;
    this.registry = registry;
    this.invoker = invoker;
    this.lanes = lanes;
    this.batches = batches;
    this.lifecycle = lifecycle;
    this.durables = durables;
    this.busOpen = () -> !lifecycle.isClosed();
  }

  /**
   * Subscribes the {@code @Subscribe} methods of {@code listener} and of its superclasses. The
   * first instance of a class teaches the binder its {@link ListenerHandlers}; later ones are
   * bound with them.
   *
   * @throws IllegalArgumentException if {@code listener} is registered already, or a handler is
   *     invalid; nothing is subscribed
   */
  Subscription register(Object listener) {
    Objects.requireNonNull(listener, "listener");
    if (lifecycle.isClosed()) {
      lifecycle.requireOpen("register " + listener.getClass().getName());
    }
    Class<?> listenerClass = listener.getClass();
    ListenerHandlers known = listenerClasses.get(listenerClass);
    ListenerDispatcher[] dispatchers =
        known != null ? known.dispatchers : dispatchersOf(listenerClass, "register");
    HandlerSpec<?>[] specs =
        describe(dispatchers, listener, known == null ? 4 : known.handlerCount());
    long firstSequence = registry.nextSequences(specs.length);
    TopicPattern[][] patterns = new TopicPattern[specs.length][];
    Subscriber<?>[] subscribers = new Subscriber<?>[specs.length];
    for (int i = 0; i < specs.length; i++) {
      HandlerSpec<?> spec = specs[i];
      if (known != null && known.matches(i, spec)) {
        patterns[i] = known.patterns(i);
      } else {
        types.require(spec.eventType());
        patterns[i] = Subscriber.compile(spec.topics());
      }
      subscribers[i] = subscriber(spec, patterns[i], firstSequence + i);
    }
    List<Subscriber<?>> bound = Arrays.asList(subscribers);
    Routing routing = known == null ? null : known.routingOf(bound);
    if (routing == null) {
      Class<?>[] eventTypes = new Class<?>[specs.length];
      for (int i = 0; i < specs.length; i++) {
        eventTypes[i] = specs[i].eventType();
      }
      routing = registry.routing(eventTypes);
      if (known == null) {
        listenerClasses.putIfAbsent(
            listenerClass, new ListenerHandlers(dispatchers, specs, patterns, routing));
      }
    }
    return add(listener, bound, routing);
  }

  /** The dispatchers of {@code listenerClass} and its superclasses, the furthest first. */
  private ListenerDispatcher[] dispatchersOf(Class<?> listenerClass, String action) {
    ListenerDispatcher[] mostSpecificFirst = types.dispatchersFor(listenerClass);
    if (mostSpecificFirst.length == 0) {
      throw new IllegalArgumentException(
          "cannot "
              + action
              + " "
              + listenerClass.getName()
              + ": no generated dispatcher was found for it or its superclasses. Either it declares"
              + " no @Subscribe method, or "
              + EventTypes.processorNotRun(listenerClass));
    }
    ListenerDispatcher[] dispatchers = new ListenerDispatcher[mostSpecificFirst.length];
    for (int i = 0; i < dispatchers.length; i++) {
      dispatchers[i] = mostSpecificFirst[dispatchers.length - 1 - i];
    }
    return dispatchers;
  }

  /** The handlers {@code dispatchers} describe for {@code listener}, superclass handlers first. */
  private static HandlerSpec<?>[] describe(
      ListenerDispatcher[] dispatchers, Object listener, int expected) {
    Specs specs = new Specs(expected);
    for (ListenerDispatcher dispatcher : dispatchers) {
      dispatcher.bind(listener, specs);
    }
    return specs.toArray();
  }

  /** Collects the handlers dispatchers describe. */
  private static final class Specs implements HandlerRegistrar {
    private HandlerSpec<?>[] specs;
    private int size;

    Specs(int expected) {
      specs = new HandlerSpec<?>[Math.max(expected, 1)];
    }

    @Override
    public void add(HandlerSpec<?> handler) {
      Objects.requireNonNull(handler, "handler");
      if (size == specs.length) {
        specs = Arrays.copyOf(specs, 2 * size);
      }
      specs[size++] = handler;
    }

    HandlerSpec<?>[] toArray() {
      return size == specs.length ? specs : Arrays.copyOf(specs, size);
    }
  }

  /**
   * The handlers of {@code listener}, bound for a replay only: not subscribed, in delivery order,
   * with no thread of their own (ordered and batch handlers run on the replaying thread).
   */
  List<Subscriber<?>> bindForReplay(Object listener) {
    Objects.requireNonNull(listener, "listener");
    List<Subscriber<?>> subscribers =
        bind(
            listener,
            "replay into",
            (spec, index) -> {
              types.require(spec.eventType());
              return Subscriber.of(spec, index, invoker, Lane.CALLER_RUNS, null);
            });
    subscribers.sort(Subscriber.DELIVERY_ORDER);
    return subscribers;
  }

  /** Makes one subscriber of a listener's handler; {@code index} counts the listener's handlers. */
  @FunctionalInterface
  private interface SubscriberFactory {
    Subscriber<?> make(HandlerSpec<?> spec, int index);
  }

  /**
   * The handlers of {@code listener} as subscribers, superclass handlers first.
   *
   * @throws IllegalArgumentException if no generated dispatcher binds its class or a superclass
   */
  private List<Subscriber<?>> bind(Object listener, String action, SubscriberFactory factory) {
    List<Subscriber<?>> subscribers = new ArrayList<>();
    for (ListenerDispatcher dispatcher : dispatchersOf(listener.getClass(), action)) {
      dispatcher.bind(listener, spec -> subscribers.add(factory.make(spec, subscribers.size())));
    }
    return subscribers;
  }

  <E> Subscription subscribe(
      Class<E> type, Consumer<? super E> handler, SubscribeOptions<? super E> options) {
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(options, "options");
    if (options.timeout() != null) {
      throw new IllegalArgumentException(
          "a timeout applies to asynchronous handlers only: use subscribeAsync");
    }
    HandlerSpec<E> spec =
        spec(type, options).takesContext(false).sync((event, context) -> handler.accept(event));
    return addAlone(subscriber(spec));
  }

  <E> Subscription subscribeAsync(
      Class<E> type,
      Function<? super E, ? extends CompletionStage<?>> handler,
      SubscribeOptions<? super E> options) {
    Objects.requireNonNull(handler, "handler");
    HandlerSpec<E> spec =
        spec(type, options).takesContext(false).async((event, context) -> handler.apply(event));
    if (options.timeout() != null) {
      spec.timeout(options.timeout());
    }
    return addAlone(subscriber(spec));
  }

  <E> Subscription subscribeBatch(
      Class<E> type, Consumer<? super List<E>> handler, SubscribeOptions<? super E> options) {
    Objects.requireNonNull(handler, "handler");
    HandlerSpec<E> spec =
        spec(type, options).batch(options.batchSize(), options.batchWindow(), handler::accept);
    return addAlone(subscriber(spec));
  }

  private <E> HandlerSpec<E> spec(Class<E> type, SubscribeOptions<? super E> options) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(options, "options");
    if (lifecycle.isClosed()) {
      lifecycle.requireOpen("subscribe to " + type.getName());
    }
    HandlerSpec<E> spec =
        HandlerSpec.of(
                type,
                "lambda subscriber #"
                    + lambdaNumbers.incrementAndGet()
                    + " of "
                    + type.getSimpleName())
            .priority(options.priority())
            .order(options.order())
            .ordered(options.isOrdered());
    if (!options.topics().isEmpty()) {
      spec.topics(options.topics().toArray(String[]::new));
    }
    if (options.durable() != null) {
      spec.durable(options.durable()).startAt(options.startAt()).retry(options.retry());
    }
    if (options.filter() != null) {
      spec.filter(options.filter()::test);
    }
    if (options.onError() != null) {
      spec.onError(options.onError()::accept);
    }
    return spec;
  }

  /**
   * A subscriber of the bus, served by its lanes, of the handler {@code spec} describes, of a
   * known event type.
   *
   * @throws IllegalStateException if it is durable and the bus has no store
   */
  private Subscriber<?> subscriber(HandlerSpec<?> spec, TopicPattern[] patterns, long sequence) {
    if (spec.durable() != null) {
      durables.requireStore(spec.description(), spec.durable());
    }
    return Subscriber.of(
        spec, patterns, sequence, invoker, lanes.normalExecutor, batches.windows());
  }

  /**
   * A subscriber of the bus, served by its lanes, of the handler {@code spec} describes.
   *
   * @throws IllegalArgumentException if its event type is unknown, or a topic pattern invalid
   * @throws IllegalStateException if it is durable and the bus has no store
   */
  private Subscriber<?> subscriber(HandlerSpec<?> spec) {
    types.require(spec.eventType());
    return subscriber(spec, Subscriber.compile(spec.topics()), registry.nextSequences(1));
  }

  /** {@link #add} of the lone subscriber of a lambda. */
  private Subscription addAlone(Subscriber<?> subscriber) {
    return add(null, List.of(subscriber), registry.routingAlone(subscriber.eventType));
  }

  /**
   * Adds the subscribers of {@code listener} ({@code null} for a lambda) to the registry, their
   * batchers, if any, to those tracked, then starts the workers of the durable ones (which only
   * count in the registry: their workers deliver them). If either refuses, nothing stays added.
   */
  private Subscription add(Object listener, List<Subscriber<?>> subscribers, Routing routing) {
    boolean durable = false;
    try {
      for (Subscriber<?> subscriber : subscribers) {
        batches.track(subscriber);
        durable |= subscriber.isDurable();
      }
      registry.add(listener, subscribers, routing);
    } catch (RuntimeException | Error e) {
      batches.retire(subscribers);
      throw e;
    }
    if (durable) {
      try {
        durables.start(subscribers);
      } catch (RuntimeException | Error e) {
        registry.remove(listener, subscribers, routing);
        batches.retire(subscribers);
        throw e;
      }
    }
    return new Registration(
        listener, subscribers, routing, registry, busOpen, durable ? releaseDurable : release);
  }

  /** Lets go of what closed subscribers, none durable, hold. */
  private void release(List<Subscriber<?>> closed) {
    batches.retire(closed);
  }

  /** Lets go of what closed subscribers hold, stopping the workers of durable ones. */
  private void releaseDurable(List<Subscriber<?>> closed) {
    batches.retire(closed);
    durables.stop(closed);
  }
}
