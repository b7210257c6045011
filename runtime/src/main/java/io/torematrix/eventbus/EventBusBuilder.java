package io.torematrix.eventbus;

import io.torematrix.eventbus.codec.EventCodec;
import io.torematrix.eventbus.codec.Upcaster;
import io.torematrix.eventbus.spi.EventBusIndex;
import io.torematrix.eventbus.spi.EventStore;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Configures an {@link EventBus}; {@link EventBus#builder()} returns one. Every setting has a
 * default, so {@code EventBus.builder().build()} equals {@link EventBus#create()}. Each method
 * returns this builder.
 *
 * <pre>{@code
 * EventBus bus = EventBus.builder()
 *     .executor(Executors.newVirtualThreadPerTaskExecutor())   // Java 21+
 *     .queueCapacity(50_000)
 *     .backpressure(BackpressurePolicy.failImmediately())
 *     .errorHandler(failure -> alerts.report(failure))
 *     .build();
 * }</pre>
 *
 * <p>A builder is not thread-safe: configure it on one thread. {@link #build()} copies what it
 * needs, so a builder may build several buses, and changing it afterwards does not change them.
 */
public interface EventBusBuilder {
  /** The default capacity of each queue. */
  int DEFAULT_QUEUE_CAPACITY = 10_000;

  /**
   * Runs {@code NORMAL} handlers on {@code executor}, which the bus does not shut down. By default
   * the bus owns a pool with one thread per core, stopped by {@code close()}.
   *
   * @param executor runs {@code NORMAL} handlers
   * @return this builder
   */
  EventBusBuilder executor(Executor executor);

  /**
   * Tells {@code errorHandler} about every handler failure, after the subscription's own error
   * callback. By default each failure is logged as a warning through {@link System.Logger} {@code
   * io.torematrix.eventbus}.
   *
   * @param errorHandler told about every handler failure
   * @return this builder
   */
  EventBusBuilder errorHandler(Consumer<? super HandlerFailure> errorHandler);

  /**
   * Bounds the {@code NORMAL} and the {@code DEFERRED} queue to {@code capacity} events each;
   * {@value #DEFAULT_QUEUE_CAPACITY} by default.
   *
   * @param capacity the most events a queue holds, 1 and up
   * @return this builder
   * @throws IllegalArgumentException if {@code capacity} is below 1
   */
  EventBusBuilder queueCapacity(int capacity);

  /**
   * What {@code publish} does when a queue is full; by default it waits up to 5 seconds.
   *
   * @param policy what a publisher does when a queue is full
   * @return this builder
   */
  EventBusBuilder backpressure(BackpressurePolicy policy);

  /**
   * How long {@code close()} waits for accepted events to be delivered; 30 seconds by default. A
   * timeout too long to count in nanoseconds, such as {@code ChronoUnit.FOREVER.getDuration()},
   * waits as long as it takes.
   *
   * @param timeout how long {@code close()} waits for queued work; zero or more
   * @return this builder
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  EventBusBuilder closeTimeout(Duration timeout);

  /**
   * Whether the bus closes itself when the JVM shuts down while it is still open; on by default.
   * The bus's threads are daemons, so a JVM whose application threads end (or that {@code
   * System.exit}s) without closing the bus would otherwise lose what is still queued, {@code
   * DEFERRED} deliveries and pending batches above all. The shutdown hook closes the bus as
   * {@link EventBus#close()} does: it delivers what was accepted, waiting up to the {@linkplain
   * #closeTimeout close timeout}, and reports every delivery that could not start in time as
   * failed, to the error handler and in the metrics; so the JVM may take that long to exit.
   * {@code close()} removes the hook, so a bus closed by the application leaves nothing behind;
   * until then the hook keeps the bus reachable, as its threads and its lease on the clock do.
   *
   * <p>Turn it off when something else closes the bus at exit, such as a container that closes
   * its beans in order. A hook that closes a bus from a handler's {@code System.exit} waits for
   * that handler, so up to the close timeout.
   *
   * @param enabled whether a JVM shutdown hook closes the bus
   * @return this builder
   */
  EventBusBuilder shutdownHook(boolean enabled);

  /**
   * Adds generated indexes explicitly, in addition to those found through {@link
   * java.util.ServiceLoader}; useful where service files are lost, as in some shaded jars. An
   * index given again is added once.
   *
   * @param indexes generated indexes
   * @return this builder
   * @throws NullPointerException if an index is {@code null}, naming its position
   */
  EventBusBuilder index(EventBusIndex... indexes);

  /**
   * Whether to find generated indexes with {@link java.util.ServiceLoader} at build time; on by
   * default. Turn it off to use only the indexes given to {@link #index}.
   *
   * @param discover whether to find indexes with {@link java.util.ServiceLoader}
   * @return this builder
   */
  EventBusBuilder discoverIndexes(boolean discover);

  /**
   * The class loader that finds generated indexes; by default the thread's context class loader,
   * or else the loader of the runtime.
   *
   * @param classLoader the class loader
   * @return this builder
   */
  EventBusBuilder classLoader(ClassLoader classLoader);

  /**
   * Appends middleware to the chain every published event runs through, in the order given: the
   * first one added sees the event first and the result last. Builder middleware run before (that
   * is, around) the discovered {@code @Middleware} of an event's type, which follow by ascending
   * order. An instance given again, here or in an earlier call, keeps its first place and runs
   * once.
   *
   * @param middleware middleware to run around every publish
   * @return this builder
   * @throws NullPointerException if a middleware is {@code null}, naming its position
   */
  EventBusBuilder middleware(EventMiddleware... middleware);

  /**
   * Whether to run the {@code @Middleware} classes the generated indexes list; on by default.
   * Turn it off to test handlers without them.
   *
   * @param discover whether to run discovered middleware
   * @return this builder
   */
  EventBusBuilder discoverMiddleware(boolean discover);

  /**
   * Uses {@code instance} for the discovered {@code @Middleware} class it belongs to, instead of
   * making one through its no-argument constructor: for middleware that need dependencies, such
   * as those a dependency-injection container builds. It keeps the class's order and scope.
   * {@link #build()} throws {@link IllegalArgumentException} if no discovered class matches.
   *
   * @param instance an instance of a discovered {@code @Middleware} class
   * @return this builder
   */
  EventBusBuilder useMiddlewareInstance(EventMiddleware instance);

  /**
   * Runs every handler on the thread that publishes, for tests: {@code NORMAL} handlers right
   * after the {@code IMMEDIATE} ones, then {@code DEFERRED} ones, all before {@code publish}
   * returns; batches leave when full, or on {@code drain} and {@code close}. Outcomes become
   * deterministic; the bus starts no thread of its own (the process's clock and deadlines threads run as for
   * any open bus, see {@link EventBus}), except for durable subscriptions, which are delivered
   * from the store by a worker thread each whatever the setting: await them with {@code drain}.
   * Replaces any {@link #executor}.
   *
   * @return this builder
   */
  EventBusBuilder directExecution();

  /**
   * Which handler invocations to time for {@link EventBus#metrics()}; {@link
   * HandlerTiming#SAMPLED} by default.
   *
   * @param timing which invocations to time
   * @return this builder
   */
  EventBusBuilder handlerTiming(HandlerTiming timing);

  /**
   * Keeps every published event in {@code store}, which the bus closes when it closes. Each event
   * is appended before any handler sees it (write-ahead): if the append fails, the publish stage
   * fails with the store's exception and no handler runs. Enables {@link EventBus#history()} and
   * {@code PublishOptions.streamId}.
   *
   * @param store the store events are written to before any handler sees them
   * @return this builder
   */
  EventBusBuilder store(EventStore store);

  /**
   * How long a durable subscription's lease lasts unless renewed: the holder renews it every third
   * of this, and another process takes the subscription over when its holder died, once it lapsed.
   * 10 seconds by default. Shorter takes over sooner but writes the store more often and gives a
   * holder paused by garbage collection less slack.
   *
   * @param timeout the lease's length, 100 ms to an hour
   * @return this builder
   * @throws IllegalArgumentException if {@code timeout} is shorter than 100 ms or longer than an
   *     hour
   */
  EventBusBuilder durableLeaseTimeout(Duration timeout);

  /**
   * How often an idle durable subscription looks for events appended by other processes; those
   * published on this bus wake it at once. 250 ms by default.
   *
   * @param interval the polling interval, 1 ms to a minute
   * @return this builder
   * @throws IllegalArgumentException if {@code interval} is shorter than 1 ms or longer than a
   *     minute
   */
  EventBusBuilder durablePollInterval(Duration interval);

  /**
   * Encodes stored events with {@code codec}; by default JSON through generated adapters.
   *
   * @param codec the codec of stored payloads
   * @return this builder
   */
  EventBusBuilder codec(EventCodec codec);

  /**
   * Converts stored events of older versions with these upcasters (default codec only). An
   * instance given again is added once.
   *
   * @param upcasters upcasters, each for one type and version
   * @return this builder
   * @throws NullPointerException if an upcaster is {@code null}, naming its position
   */
  EventBusBuilder upcaster(Upcaster... upcasters);

  /**
   * Builds a bus, open until it is closed.
   *
   * @return a new, open bus
   * @throws IllegalStateException if two indexes give one event name to different types, or a
   *     discovered middleware cannot be made
   * @throws IllegalArgumentException if a middleware instance matches no discovered class
   */
  EventBus build();
}
