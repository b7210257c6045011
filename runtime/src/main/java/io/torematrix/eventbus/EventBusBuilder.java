package io.torematrix.eventbus;

import io.torematrix.eventbus.internal.DefaultEventBus;
import io.torematrix.eventbus.codec.EventCodec;
import io.torematrix.eventbus.codec.Upcaster;
import io.torematrix.eventbus.spi.EventBusIndex;
import io.torematrix.eventbus.spi.EventStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Configures an {@link EventBus}. Every setting has a default, so {@code
 * EventBus.builder().build()} equals {@link EventBus#create()}.
 *
 * <pre>{@code
 * EventBus bus = EventBus.builder()
 *     .executor(Executors.newVirtualThreadPerTaskExecutor())   // Java 21+
 *     .queueCapacity(50_000)
 *     .backpressure(BackpressurePolicy.failImmediately())
 *     .errorHandler(failure -> alerts.report(failure))
 *     .build();
 * }</pre>
 */
public final class EventBusBuilder {
  /** The default capacity of each queue. */
  public static final int DEFAULT_QUEUE_CAPACITY = 10_000;

  private Executor executor;
  private Consumer<? super HandlerFailure> errorHandler;
  private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
  private BackpressurePolicy backpressure = BackpressurePolicy.waitUpTo(Duration.ofSeconds(5));
  private Duration closeTimeout = Duration.ofSeconds(30);
  private final List<EventBusIndex> indexes = new ArrayList<>();
  private boolean discoverIndexes = true;
  private ClassLoader classLoader;
  private final List<EventMiddleware> middleware = new ArrayList<>();
  private boolean discoverMiddleware = true;
  private final List<EventMiddleware> middlewareInstances = new ArrayList<>();
  private boolean direct;
  private HandlerTiming handlerTiming = HandlerTiming.SAMPLED;
  private EventStore store;
  private EventCodec codec;
  private final List<Upcaster> upcasters = new ArrayList<>();

  EventBusBuilder() {}

  /**
   * Runs {@code NORMAL} handlers on {@code executor}, which the bus does not shut down. By default
   * the bus owns a pool with one thread per core, stopped by {@code close()}.
   */
  public EventBusBuilder executor(Executor executor) {
    this.executor = Objects.requireNonNull(executor, "executor");
    return this;
  }

  /**
   * Tells {@code errorHandler} about every handler failure, after the subscription's own error
   * callback. By default each failure is logged as a warning through {@link System.Logger} {@code
   * io.torematrix.eventbus}.
   */
  public EventBusBuilder errorHandler(Consumer<? super HandlerFailure> errorHandler) {
    this.errorHandler = Objects.requireNonNull(errorHandler, "errorHandler");
    return this;
  }

  /**
   * Bounds the {@code NORMAL} and the {@code DEFERRED} queue to {@code capacity} events each;
   * {@value #DEFAULT_QUEUE_CAPACITY} by default.
   */
  public EventBusBuilder queueCapacity(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("queue capacity must be at least 1 but was " + capacity);
    }
    this.queueCapacity = capacity;
    return this;
  }

  /** What {@code publish} does when a queue is full; by default it waits up to 5 seconds. */
  public EventBusBuilder backpressure(BackpressurePolicy policy) {
    this.backpressure = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /** How long {@code close()} waits for accepted events to be delivered; 30 seconds by default. */
  public EventBusBuilder closeTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("close timeout must not be negative: " + timeout);
    }
    this.closeTimeout = timeout;
    return this;
  }

  /**
   * Adds generated indexes explicitly, in addition to those found through {@link
   * java.util.ServiceLoader}; useful where service files are lost, as in some shaded jars.
   */
  public EventBusBuilder index(EventBusIndex... indexes) {
    this.indexes.addAll(List.of(indexes));
    return this;
  }

  /**
   * Whether to find generated indexes with {@link java.util.ServiceLoader} at build time; on by
   * default. Turn it off to use only the indexes given to {@link #index}.
   */
  public EventBusBuilder discoverIndexes(boolean discover) {
    this.discoverIndexes = discover;
    return this;
  }

  /**
   * The class loader that finds generated indexes; by default the thread's context class loader,
   * or else the loader of this class.
   */
  public EventBusBuilder classLoader(ClassLoader classLoader) {
    this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
    return this;
  }

  /**
   * Appends middleware to the chain every published event runs through, in the order given: the
   * first one added sees the event first and the result last. Builder middleware run before (that
   * is, around) the discovered {@code @Middleware} of an event's type, which follow by ascending
   * order.
   */
  public EventBusBuilder middleware(EventMiddleware... middleware) {
    for (EventMiddleware m : middleware) {
      this.middleware.add(Objects.requireNonNull(m, "middleware"));
    }
    return this;
  }

  /**
   * Whether to run the {@code @Middleware} classes the generated indexes list; on by default.
   * Turn it off to test handlers without them.
   */
  public EventBusBuilder discoverMiddleware(boolean discover) {
    this.discoverMiddleware = discover;
    return this;
  }

  /**
   * Uses {@code instance} for the discovered {@code @Middleware} class it belongs to, instead of
   * making one through its no-argument constructor: for middleware that need dependencies, such
   * as those a dependency-injection container builds. It keeps the class's order and scope.
   *
   * @throws IllegalArgumentException at {@link #build()} if no discovered class matches
   */
  public EventBusBuilder useMiddlewareInstance(EventMiddleware instance) {
    this.middlewareInstances.add(Objects.requireNonNull(instance, "instance"));
    return this;
  }

  /**
   * Runs every handler on the thread that publishes, for tests: {@code NORMAL} handlers right
   * after the {@code IMMEDIATE} ones, then {@code DEFERRED} ones, all before {@code publish}
   * returns; batches leave when full, or on {@code drain} and {@code close}. Outcomes become
   * deterministic; no thread is started. Replaces any {@link #executor}.
   */
  public EventBusBuilder directExecution() {
    this.direct = true;
    return this;
  }

  /**
   * Which handler invocations to time for {@link EventBus#metrics()}; {@link
   * HandlerTiming#SAMPLED} by default.
   */
  public EventBusBuilder handlerTiming(HandlerTiming timing) {
    this.handlerTiming = Objects.requireNonNull(timing, "timing");
    return this;
  }

  /**
   * Keeps every published event in {@code store}, which the bus closes when it closes. Each event
   * is appended before any handler sees it (write-ahead): if the append fails, the publish stage
   * fails with the store's exception and no handler runs. Enables {@code query}, {@code
   * getEvents}, {@code replay}, {@code fold} and {@code PublishOptions.stream}.
   */
  public EventBusBuilder store(EventStore store) {
    this.store = Objects.requireNonNull(store, "store");
    return this;
  }

  /** Encodes stored events with {@code codec}; by default JSON through generated adapters. */
  public EventBusBuilder codec(EventCodec codec) {
    this.codec = Objects.requireNonNull(codec, "codec");
    return this;
  }

  /** Converts stored events of older versions with these upcasters (default codec only). */
  public EventBusBuilder upcaster(Upcaster... upcasters) {
    this.upcasters.addAll(List.of(upcasters));
    return this;
  }

  /**
   * Builds the bus.
   *
   * @throws IllegalStateException if two indexes give one event name to different types
   */
  public EventBus build() {
    return new DefaultEventBus(
        new DefaultEventBus.Settings(
            executor,
            errorHandler,
            queueCapacity,
            backpressure,
            closeTimeout,
            List.copyOf(indexes),
            discoverIndexes,
            classLoader,
            List.copyOf(middleware),
            discoverMiddleware,
            List.copyOf(middlewareInstances),
            direct,
            handlerTiming,
            store,
            codec,
            List.copyOf(upcasters)));
  }
}
