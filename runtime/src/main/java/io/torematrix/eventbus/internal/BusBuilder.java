package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.BackpressurePolicy;
import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventBusBuilder;
import io.torematrix.eventbus.EventMiddleware;
import io.torematrix.eventbus.HandlerFailure;
import io.torematrix.eventbus.HandlerTiming;
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
 * The {@link EventBusBuilder} that {@link EventBus#builder()} returns: public only so that the API
 * package can make one. The bus and its collaborators read the settings they need straight from
 * its fields when the bus is built, as {@code OkHttpClient(builder)} does; {@code null} means the
 * default where a field has no default value of its own.
 */
public final class BusBuilder implements EventBusBuilder {
  Executor executor;
  Consumer<? super HandlerFailure> errorHandler;
  int queueCapacity = DEFAULT_QUEUE_CAPACITY;
  BackpressurePolicy backpressure = BackpressurePolicy.waitUpTo(Duration.ofSeconds(5));
  Duration closeTimeout = Duration.ofSeconds(30);
  boolean shutdownHook = true;
  final List<EventBusIndex> indexes = new ArrayList<>();
  boolean discoverIndexes = true;
  ClassLoader classLoader;
  final List<EventMiddleware> middleware = new ArrayList<>();
  boolean discoverMiddleware = true;
  final List<EventMiddleware> middlewareInstances = new ArrayList<>();
  boolean directExecution;
  HandlerTiming handlerTiming = HandlerTiming.SAMPLED;
  EventStore store;
  EventCodec codec;
  final List<Upcaster> upcasters = new ArrayList<>();
  Duration durableLeaseTimeout = Duration.ofSeconds(10);
  Duration durablePollInterval = Duration.ofMillis(250);

  /** A builder with every default; use {@link EventBus#builder()}. */
  public BusBuilder() {}

  @Override
  public BusBuilder executor(Executor executor) {
    this.executor = Objects.requireNonNull(executor, "executor");
    return this;
  }

  @Override
  public BusBuilder errorHandler(Consumer<? super HandlerFailure> errorHandler) {
    this.errorHandler = Objects.requireNonNull(errorHandler, "errorHandler");
    return this;
  }

  @Override
  public BusBuilder queueCapacity(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("queue capacity must be at least 1 but was " + capacity);
    }
    this.queueCapacity = capacity;
    return this;
  }

  @Override
  public BusBuilder backpressure(BackpressurePolicy policy) {
    this.backpressure = Objects.requireNonNull(policy, "policy");
    return this;
  }

  @Override
  public BusBuilder closeTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("close timeout must not be negative: " + timeout);
    }
    this.closeTimeout = timeout;
    return this;
  }

  @Override
  public BusBuilder shutdownHook(boolean enabled) {
    this.shutdownHook = enabled;
    return this;
  }

  @Override
  public BusBuilder index(EventBusIndex... indexes) {
    addOnce(this.indexes, "indexes", indexes);
    return this;
  }

  @Override
  public BusBuilder discoverIndexes(boolean discover) {
    this.discoverIndexes = discover;
    return this;
  }

  @Override
  public BusBuilder classLoader(ClassLoader classLoader) {
    this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
    return this;
  }

  @Override
  public BusBuilder middleware(EventMiddleware... middleware) {
    addOnce(this.middleware, "middleware", middleware);
    return this;
  }

  @Override
  public BusBuilder discoverMiddleware(boolean discover) {
    this.discoverMiddleware = discover;
    return this;
  }

  @Override
  public BusBuilder useMiddlewareInstance(EventMiddleware instance) {
    this.middlewareInstances.add(Objects.requireNonNull(instance, "instance"));
    return this;
  }

  @Override
  public BusBuilder directExecution() {
    this.directExecution = true;
    return this;
  }

  @Override
  public BusBuilder handlerTiming(HandlerTiming timing) {
    this.handlerTiming = Objects.requireNonNull(timing, "timing");
    return this;
  }

  @Override
  public BusBuilder store(EventStore store) {
    this.store = Objects.requireNonNull(store, "store");
    return this;
  }

  @Override
  public BusBuilder durableLeaseTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.compareTo(Duration.ofMillis(100)) < 0 || timeout.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException(
          "a durable lease timeout lies between 100 ms and an hour, not " + timeout);
    }
    this.durableLeaseTimeout = timeout;
    return this;
  }

  @Override
  public BusBuilder durablePollInterval(Duration interval) {
    Objects.requireNonNull(interval, "interval");
    if (interval.compareTo(Duration.ofMillis(1)) < 0 || interval.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException(
          "a durable poll interval lies between 1 ms and a minute, not " + interval);
    }
    this.durablePollInterval = interval;
    return this;
  }

  @Override
  public BusBuilder codec(EventCodec codec) {
    this.codec = Objects.requireNonNull(codec, "codec");
    return this;
  }

  @Override
  public BusBuilder upcaster(Upcaster... upcasters) {
    addOnce(this.upcasters, "upcasters", upcasters);
    return this;
  }

  /**
   * Adds each of {@code given}, the arguments of the parameter {@code name}, to {@code list},
   * unless that instance is there already; adds nothing if one is {@code null}.
   *
   * @throws NullPointerException naming the parameter, and the index of a {@code null} element
   */
  private static <T> void addOnce(List<T> list, String name, T[] given) {
    if (given == null) {
      throw new NullPointerException(name + " is null");
    }
    for (int i = 0; i < given.length; i++) {
      if (given[i] == null) {
        throw new NullPointerException(name + "[" + i + "] is null");
      }
    }
    for (T element : given) {
      if (list.stream().noneMatch(present -> present == element)) {
        list.add(element);
      }
    }
  }

  @Override
  public EventBus build() {
    return new DefaultEventBus(this);
  }
}
