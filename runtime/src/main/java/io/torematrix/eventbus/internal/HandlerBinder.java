package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.Subscription;
import io.torematrix.eventbus.spi.HandlerSpec;
import io.torematrix.eventbus.spi.ListenerDispatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
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
  }

  /**
   * Subscribes the {@code @Subscribe} methods of {@code listener} and of its superclasses.
   *
   * @throws IllegalArgumentException if {@code listener} is registered already
   */
  Subscription register(Object listener) {
    Objects.requireNonNull(listener, "listener");
    lifecycle.requireOpen("register " + listener.getClass().getName());
    return add(listener, bind(listener, "register", (spec, index) -> subscriber(spec)));
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
    ListenerDispatcher[] dispatchers = types.dispatchersFor(listener.getClass());
    if (dispatchers.length == 0) {
      throw new IllegalArgumentException(
          "cannot "
              + action
              + " "
              + listener.getClass().getName()
              + ": no generated dispatcher was found for it or its superclasses. Either it declares"
              + " no @Subscribe method, or "
              + EventTypes.processorNotRun(listener.getClass()));
    }
    List<Subscriber<?>> subscribers = new ArrayList<>();
    for (int i = dispatchers.length - 1; i >= 0; i--) {
      dispatchers[i].bind(listener, spec -> subscribers.add(factory.make(spec, subscribers.size())));
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
    return add(
        null,
        List.of(
            subscriber(
                spec(type, options)
                    .takesContext(false)
                    .sync((event, context) -> handler.accept(event)))));
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
    return add(null, List.of(subscriber(spec)));
  }

  <E> Subscription subscribeBatch(
      Class<E> type, Consumer<? super List<E>> handler, SubscribeOptions<? super E> options) {
    Objects.requireNonNull(handler, "handler");
    return add(
        null,
        List.of(
            subscriber(
                spec(type, options)
                    .batch(options.batchSize(), options.batchWindow(), handler::accept))));
  }

  private <E> HandlerSpec<E> spec(Class<E> type, SubscribeOptions<? super E> options) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(options, "options");
    lifecycle.requireOpen("subscribe to " + type.getName());
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
   * A subscriber of the bus, served by its lanes; its batcher, if any, is tracked.
   *
   * @throws IllegalStateException if it is durable and the bus has no store
   */
  private Subscriber<?> subscriber(HandlerSpec<?> spec) {
    types.require(spec.eventType());
    if (spec.durable() != null) {
      durables.requireStore(spec.description(), spec.durable());
    }
    Subscriber<?> subscriber =
        Subscriber.of(
            spec, registry.nextSequence(), invoker, lanes.normalExecutor, batches.windows());
    batches.track(subscriber);
    return subscriber;
  }

  /**
   * Adds the subscribers of {@code listener} ({@code null} for a lambda) to the registry, then
   * starts the workers of the durable ones (which only count in the registry: their workers deliver
   * them). If either refuses, nothing stays added.
   */
  private Subscription add(Object listener, List<Subscriber<?>> subscribers) {
    try {
      registry.add(listener, subscribers);
    } catch (RuntimeException | Error e) {
      batches.retire(subscribers);
      throw e;
    }
    try {
      durables.start(subscribers);
    } catch (RuntimeException | Error e) {
      registry.remove(listener, subscribers);
      batches.retire(subscribers);
      throw e;
    }
    return new Registration(
        listener,
        subscribers,
        registry,
        () -> !lifecycle.isClosed(),
        closed -> {
          batches.retire(closed);
          durables.stop(closed);
        });
  }
}
