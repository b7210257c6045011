package io.torematrix.eventbus;

import io.torematrix.eventbus.internal.BusBuilder;
import io.torematrix.eventbus.spi.EventRecord;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * An in-process event bus whose wiring is generated at build time: handlers are bound by code the
 * {@code eventbus-processor} wrote for each listener class, so registering and dispatching
 * involve no reflection.
 *
 * <pre>{@code
 * try (EventBus bus = EventBus.create()) {
 *   Subscription audit = bus.register(new LoginAudit());          // its @Subscribe methods
 *   bus.subscribe(UserLoggedIn.class, e -> System.out.println(e)); // or a lambda
 *   PublishResult result = bus.publish(new UserLoggedIn("ada", Instant.now()))
 *       .toCompletableFuture().join();
 * }
 * }</pre>
 *
 * <h2>Delivery</h2>
 *
 * An event reaches every subscription to its class or to one of its {@code @Event} supertypes
 * whose topic patterns match the event's topic. {@code IMMEDIATE} handlers run on the publishing
 * thread before {@code publish} returns, {@code NORMAL} ones on the bus's executor, {@code
 * DEFERRED} ones later on a background thread. Within a level, handlers run by ascending {@code
 * order}, then in registration order. With a store, every event is appended to it before any
 * handler sees it, and {@link #history()} reads the stored events back.
 *
 * <h2>Failures</h2>
 *
 * A failing handler never makes {@code publish} throw. Each failure goes to the subscription's
 * error callback, to the bus's error handler (by default, a warning in the {@code
 * io.torematrix.eventbus} {@link System.Logger}) and into the {@link PublishResult}. What fails
 * before the handlers have the event (a middleware, the codec, the store, a full queue), an
 * {@code Error} included, fails the publish stage, and leaves nothing of the event counted,
 * queued or stored. {@code publish} throws only for a programming error: a {@code null} event, a
 * type that is not an {@code @Event}, an invalid topic, or a closed bus; or a {@link
 * StackOverflowError} when the thread has no stack left even to fail a stage, having taken
 * nothing.
 *
 * <h2>Memory consistency effects</h2>
 *
 * As in {@code java.util.concurrent}: actions in a thread prior to publishing an event <a
 * href="https://docs.oracle.com/javase/specs/jls/se17/html/jls-17.html#jls-17.4.5"><i>happen-before</i></a>
 * the actions of each handler that receives it, on whatever thread the handler runs, and the
 * actions of its filter and error callback. The actions of every handler the publish stage awaits
 * ({@code IMMEDIATE} and {@code NORMAL} ones, up to the completion of the stage an asynchronous
 * handler returns) happen-before the stage completes, so before any action that depends on it,
 * such as a {@code join()} returning. The actions of every handler, {@code DEFERRED} ones
 * included, happen-before {@link #drain} returns {@code true}, and {@link #close()} returns when
 * the bus went idle within its close timeout. Actions prior to {@code register} or {@code
 * subscribe} happen-before the subscription's handlers receive an event published after it
 * returned.
 *
 * <h2>Threads</h2>
 *
 * Every method may be called from any thread. Subscribing and unsubscribing while other threads
 * publish is safe: once a subscription's {@code close()} returns, no code of it runs or starts
 * (see {@link Subscription}). A bus runs handlers on these threads, all daemons:
 *
 * <ul>
 *   <li>the publishing thread, for {@code IMMEDIATE} handlers (and all handlers with {@code
 *       directExecution()});
 *   <li>{@code torematrix-eventbus-<n>-normal-<m>}, the {@code NORMAL} threads of the {@code n}th
 *       bus of the process: up to one per core, started as work arrives, ended after a minute
 *       idle and by {@code close()}; not started when the builder was given an {@code
 *       executor(...)}, whose threads run {@code NORMAL} handlers instead, nor with {@code
 *       directExecution()};
 *   <li>{@code torematrix-eventbus-<n>-deferred-1}, the one thread of the {@code n}th bus for
 *       {@code DEFERRED} handlers and batches, at the lowest priority; started as work arrives,
 *       ended after a minute idle and by {@code close()}; not started with {@code
 *       directExecution()};
 *   <li>{@code torematrix-eventbus-clock}, one per process, shared by every open bus: it refreshes
 *       the time events are stamped with about every millisecond (so timestamps have millisecond
 *       granularity and follow the system clock). No failure ends it: a tick that fails, say with
 *       an {@link OutOfMemoryError} while the heap is full, is skipped and the next one sets the
 *       time again. It starts with the first open bus and ends when the last one closes;
 *   <li>{@code torematrix-eventbus-deadlines}, one per process, shared by every open bus: it keeps
 *       the deadlines of requests, asynchronous handlers and batch windows, whose expiry it hands
 *       to the default asynchronous executor of {@link java.util.concurrent.CompletableFuture}
 *       (normally the common {@code ForkJoinPool}). It starts with the first deadline of an open
 *       bus and ends when the last bus closes, once no deadline is pending.
 * </ul>
 *
 * Reads of {@link #history()} run on the {@code NORMAL} threads.
 */
public interface EventBus extends AutoCloseable {

  /**
   * A bus with every default; see {@link EventBusBuilder}.
   *
   * @return a new, open bus
   */
  static EventBus create() {
    return builder().build();
  }

  /**
   * Starts configuring a bus.
   *
   * @return a builder with every default
   */
  static EventBusBuilder builder() {
    return new BusBuilder();
  }

  /**
   * Subscribes every {@code @Subscribe} method of {@code listener} and of its superclasses.
   *
   * <p>A listener object is registered at most once at a time: registering the same object
   * again (the same reference; {@code equals} is not consulted) while its first subscription is
   * active would deliver every event to each of its handlers twice, so it is refused, and the
   * first subscription carries on unchanged. Once that subscription is closed, the object may be
   * registered again. Two instances of one class are two listeners.
   *
   * @return a subscription whose {@code close()} unsubscribes them all
   * @param listener an instance of a class with {@code @Subscribe} methods (or a subclass of one)
   * @throws IllegalArgumentException if neither the listener's class nor a superclass has a
   *     generated dispatcher: it declares no {@code @Subscribe} method, or it was compiled without
   *     the processor; or if {@code listener} is registered on this bus already
   * @throws IllegalStateException if the bus is closed
   */
  Subscription register(Object listener);

  /**
   * Subscribes {@code handler} to events of {@code type} and its subtypes, on every topic, at
   * {@code NORMAL} priority.
   *
   * @param <E> the event type
   * @param type the event type to receive, its subtypes included
   * @param handler the handler
   * @return the subscription, to close when done
   * @throws IllegalArgumentException if {@code type} is not a known {@code @Event} type
   * @throws IllegalStateException if the bus is closed
   */
  default <E> Subscription subscribe(Class<E> type, Consumer<? super E> handler) {
    return subscribe(type, handler, SubscribeOptions.defaults());
  }

  /**
   * Subscribes {@code handler} to events of {@code type} and its subtypes, as {@code options}
   * say. Options of a supertype apply, so {@code SubscribeOptions.defaults().topics("orders.>")}
   * needs no type witness; give one ({@code SubscribeOptions.<E>defaults()}) to write a filter or
   * an error callback that reads the event.
   *
   * @param <E> the event type
   * @param type the event type to receive, its subtypes included
   * @param handler the handler
   * @param options priority, order, topics, filter, error callback, durability
   * @return the subscription, to close when done
   * @throws IllegalArgumentException if {@code type} is not a known {@code @Event} type, or
   *     {@code options} set a timeout (use {@link #subscribeAsync})
   * @throws IllegalStateException if the bus is closed
   */
  <E> Subscription subscribe(
      Class<E> type, Consumer<? super E> handler, SubscribeOptions<? super E> options);

  /**
   * Subscribes an asynchronous {@code handler}: its delivery is finished when the stage it returns
   * completes, and {@code publish} awaits that stage.
   *
   * @param <E> the event type
   * @param type the event type to receive, its subtypes included
   * @param handler the handler; it has finished when the stage it returns completes
   * @return the subscription, to close when done
   * @throws IllegalArgumentException if {@code type} is not a known {@code @Event} type
   * @throws IllegalStateException if the bus is closed
   */
  default <E> Subscription subscribeAsync(
      Class<E> type, Function<? super E, ? extends CompletionStage<?>> handler) {
    return subscribeAsync(type, handler, SubscribeOptions.defaults());
  }

  /**
   * Subscribes an asynchronous {@code handler} as {@code options} say. With {@code
   * options.timeout(...)}, a stage still pending after it fails with a {@link
   * java.util.concurrent.TimeoutException}; the deadline is dropped as soon as the stage completes.
   *
   * @param <E> the event type
   * @param type the event type to receive, its subtypes included
   * @param handler the handler; it has finished when the stage it returns completes
   * @param options priority, order, topics, filter, error callback, timeout, durability
   * @return the subscription, to close when done
   * @throws IllegalArgumentException if {@code type} is not a known {@code @Event} type
   * @throws IllegalStateException if the bus is closed
   */
  <E> Subscription subscribeAsync(
      Class<E> type,
      Function<? super E, ? extends CompletionStage<?>> handler,
      SubscribeOptions<? super E> options);

  /**
   * Subscribes {@code handler} to batches of events of {@code type}: up to {@code
   * options.batchSize()} events at once, or whatever arrived within {@code options.batchWindow()}
   * of the first. Batches are delivered in the background, so {@code options} must have priority
   * {@code DEFERRED}; the filter and error callback apply per event.
   *
   * <pre>{@code
   * bus.subscribeBatch(OrderPlaced.class, orders -> warehouse.reserveAll(orders),
   *     SubscribeOptions.defaults()
   *         .priority(Priority.DEFERRED)
   *         .batch(500, Duration.ofMillis(50)));
   * }</pre>
   *
   * @param <E> the event type
   * @param type the event type to receive, its subtypes included
   * @param handler the handler, given batches oldest first
   * @param options {@code DEFERRED} options with a batch size and window
   * @return the subscription, to close when done
   * @throws IllegalArgumentException if {@code type} is not a known {@code @Event} type, or the
   *     priority is not {@code DEFERRED}
   * @throws IllegalStateException if the bus is closed
   */
  <E> Subscription subscribeBatch(
      Class<E> type, Consumer<? super List<E>> handler, SubscribeOptions<? super E> options);

  /**
   * Publishes {@code event} on its type's default topic ({@code @Event(topic)}, or else its name).
   *
   * <p>With no store, no middleware and only {@code IMMEDIATE} synchronous handlers, the event's
   * {@link EventContext} is made when something first reads it (a handler or filter that takes
   * it, a failure report, an event published from one of its handlers), or else for the result,
   * before this returns: its id and timestamp are those of that moment, so ids still follow the
   * order of publishing on a thread, and a cause's id precedes its effects'.
   *
   * @return a stage that completes, never exceptionally because of a handler, once every {@code
   *     IMMEDIATE} and {@code NORMAL} handler has finished; it fails with {@link
   *     QueueFullException} if the event was refused before any handler saw it
   * @param event an instance of an {@code @Event} type
   * @throws NullPointerException if {@code event} is null
   * @throws IllegalArgumentException if its class is not a known {@code @Event} type
   * @throws IllegalStateException if the bus is closed
   */
  CompletionStage<PublishResult> publish(Object event);

  /**
   * Publishes {@code event} on {@code topic}.
   *
   * @param event an instance of an {@code @Event} type
   * @param topic the topic to publish on
   * @return as {@link #publish(Object)}
   * @throws IllegalArgumentException if {@code topic} is not a valid topic (dot-separated tokens
   *     of printable ASCII, no wildcards), or the event's class is not a known {@code @Event} type
   * @see #publish(Object)
   */
  CompletionStage<PublishResult> publish(Object event, String topic);

  /**
   * Publishes {@code event} on its type's default topic without a result: {@link
   * #publish(Object)} for a caller that does not await the handlers, and the cheapest way to
   * publish. Delivery is the same: {@code IMMEDIATE} handlers have run when it returns, the others
   * run later on their lanes; with a store, the event is appended to it first (write-ahead).
   *
   * <p>Nothing is lost for want of a result. A handler's failure goes to the subscription's error
   * callback and to the bus's error handler, and is counted in {@link #metrics()}; an event
   * nobody receives is published as a {@link DeadEvent}; {@link #drain} and {@link #close()} wait
   * for the deliveries still queued at {@code NORMAL} and {@code DEFERRED}, and report those that
   * can no longer run. What refuses the event before any handler has it is thrown here instead of
   * failing a stage: a full queue, the store's failure, a middleware's rejection.
   *
   * <p>An event's {@link EventContext} (its id and timestamp) is made only when something reads
   * it: a handler or filter that takes it, a middleware, the store, a failure report, or an event
   * published from one of its handlers. Ids stay time-ordered: an event posted after another on
   * the same thread has the greater id, whenever they are made. A post with no store, no
   * middleware and only {@code IMMEDIATE} synchronous handlers that take no context allocates
   * nothing; nor, after the first, does one whose handlers are all {@code NORMAL}, unordered,
   * synchronous and take no context, on a bus that runs its own {@code NORMAL} threads.
   *
   * @param event an instance of an {@code @Event} type
   * @throws NullPointerException if {@code event} is null
   * @throws IllegalArgumentException if its class is not a known {@code @Event} type
   * @throws IllegalStateException if the bus is closed
   * @throws QueueFullException if a queue had no room for the event (as the back-pressure policy
   *     says); nothing of it was delivered or stored
   * @throws EventStoreException if the store failed to append it; nothing of it was delivered
   * @throws EventRejectedException if a middleware rejected it, or threw a checked exception
   *     (then its cause); a middleware whose stage fails only after {@code post} returned has its
   *     failure logged as a warning to the {@code io.torematrix.eventbus} {@link System.Logger}
   */
  void post(Object event);

  /**
   * Posts {@code event} on {@code topic}: {@link #post(Object)} with a topic.
   *
   * @param event an instance of an {@code @Event} type
   * @param topic the topic to post on
   * @throws IllegalArgumentException if {@code topic} is not a valid topic (dot-separated tokens
   *     of printable ASCII, no wildcards), or the event's class is not a known {@code @Event} type
   * @see #post(Object)
   */
  void post(Object event, String topic);

  /**
   * Publishes {@code event} as {@code options} say: on a topic, with headers, or caused by a given
   * event.
   *
   * @param event an instance of an {@code @Event} type
   * @param options the topic, headers, cause and stream
   * @return as {@link #publish(Object)}; with a stream, it fails with {@link
   *     WrongExpectedVersionException} if the stream is at another version
   * @see #publish(Object)
   */
  CompletionStage<PublishResult> publish(Object event, PublishOptions options);

  /**
   * Accepts an event that another bus published, as the record that bus stored: what a bridge
   * that imports events from other nodes calls. The record is appended to this bus's store unless
   * an event with its id is stored already, so an event received again is stored and delivered
   * once; then it reaches this bus's subscriptions like a published event, durable ones through
   * the store, with a context made of the record: its id, time, topic, type, correlation and
   * causation ids and headers. Middleware does not run: it ran on the bus that published the event.
   * <p>The append happens on the calling thread: once this method returns, the event is in the
   * store. If the bus closes between the append and the delivery, the returned stage fails with
   * an {@link IllegalStateException} and only durable subscriptions will see the event.
   * @param record the event as stored elsewhere; its position, stream and transaction are ignored
   * @return the stage of its handlers, as {@link #publish(Object)} returns it; empty if an event
   *     with the record's id was stored already, when nothing was stored or delivered
   * @throws IllegalArgumentException if the record cannot be an event of this application: no
   *     {@code @Event} type has its type name, its version is newer than the type's, its payload
   *     cannot be decoded, or its topic or headers cannot be stored; nothing was stored
   * @throws EventStoreException if the store could not append it; nothing was stored
   * @throws UnsupportedOperationException if the store cannot append unless an id is stored
   *     ({@link io.torematrix.eventbus.spi.EventStore#appendIfAbsent})
   * @throws IllegalStateException if the bus has no store, or is closed
   */
  Optional<CompletionStage<PublishResult>> receive(EventRecord record);

  /**
   * Publishes {@code request} and awaits one reply of type {@code responseType}. The request's
   * context carries a unique reply topic ({@link EventContext#replyTo()}); a handler answers with
   * {@link #reply(EventContext, Object)}. The subscription to the reply topic and the deadline
   * are dropped as soon as the stage completes, however it completes.
   *
   * <pre>{@code
   * // requester
   * Quote quote = bus.request(new QuoteRequested("book", 3), Quote.class, Duration.ofSeconds(2))
   *     .toCompletableFuture().join();
   *
   * // responder
   * @Subscribe
   * void quote(QuoteRequested request, EventContext context) {
   *   bus.reply(context, new Quote(request.item(), prices.of(request.item()) * request.quantity()));
   * }
   * }</pre>
   *
   * @return a stage that completes with the first reply; or fails with a {@link
   *     java.util.concurrent.TimeoutException} if none arrives within {@code timeout}, with an
   *     {@link IllegalStateException} if no subscription received the request, every handler of
   *     it failed, or the bus closed before a reply arrived, or with the publish failure
   * @param <R> the reply's type
   * @param request an instance of an {@code @Event} type
   * @param responseType the {@code @Event} type of the reply
   * @param timeout how long to wait for a reply
   * @throws IllegalArgumentException if either type is not a known {@code @Event} type
   * @throws IllegalStateException if the bus is closed
   */
  <R> CompletionStage<R> request(Object request, Class<R> responseType, Duration timeout);

  /**
   * Publishes {@code response} on the reply topic of the request whose context is {@code
   * request}, caused by it.
   *
   * @param request the context of the request being answered
   * @param response an instance of an {@code @Event} type
   * @return as {@link #publish(Object)}
   * @throws IllegalArgumentException if that event was published, not requested, so expects no
   *     reply
   */
  CompletionStage<PublishResult> reply(EventContext request, Object response);

  /**
   * The bus's stored events, read back: queries, typed lookups, folds of a stream and replays.
   *
   * <pre>{@code
   * List<StoredEvent> page = bus.history()
   *     .query(EventQuery.all().types("order.placed").limit(100))
   *     .toCompletableFuture().join();
   * }</pre>
   *
   * @return the history of this bus's store
   * @throws IllegalStateException if the bus has no store (configure one with {@link
   *     EventBusBuilder#store})
   */
  EventHistory history();

  /**
   * The stored events {@code condition} accepts, in store order: {@code
   * history().events(condition)}. Every stored event is read and decoded; prefer {@link
   * #getEvents(Class, Predicate)} or {@link EventHistory#query} where possible.
   *
   * @param condition accepts the decoded events to return
   * @return a stage completing with the accepted events, in store order
   * @throws IllegalStateException if the bus has no store
   */
  default CompletionStage<List<Object>> getEvents(Predicate<Object> condition) {
    return history().events(condition);
  }

  /**
   * The stored events of {@code type} (its subtypes included) that {@code condition} accepts, in
   * store order: {@code history().events(type, condition)}. The type is pushed down to the store
   * as type names; the condition is applied to the decoded events.
   *
   * @param <E> the event type
   * @param type the {@code @Event} type (or a supertype of some) to read
   * @param condition accepts the decoded events to return
   * @return a stage completing with the accepted events, in store order
   * @throws IllegalArgumentException if {@code type} is not a known {@code @Event} type
   * @throws IllegalStateException if the bus has no store
   */
  default <E> CompletionStage<List<E>> getEvents(Class<E> type, Predicate<? super E> condition) {
    return history().events(type, condition);
  }

  /**
   * The durable subscriptions of the bus's store: their status (checkpoint, lag, parked events,
   * lease holder), and their parked events to list, retry or discard. See {@link
   * DurableSubscriptions} for what a durable subscription guarantees.
   *
   * <pre>{@code
   * for (DurableSubscriptionStatus s : bus.durable().status()) {
   *   System.out.println(s.name() + " at " + s.checkpoint() + ", " + s.lag() + " behind, "
   *       + s.parked() + " parked");
   * }
   * }</pre>
   *
   * @return the durable subscriptions' view
   */
  DurableSubscriptions durable();

  /**
   * A snapshot of the bus's figures: per event type, published, delivered, filtered, failed and
   * dead counts and handler time; queue depths; events in flight.
   *
   * @return a new snapshot
   */
  EventBusMetrics metrics();

  /**
   * Waits until the bus is idle: every accepted event delivered to every handler, {@code
   * DEFERRED} ones included, and every durable subscription registered on this bus at the head of
   * the store with its checkpoint saved there, by this bus or by the process that holds its lease
   * (whose saved checkpoint is read from the store every poll interval: see {@link
   * DurableSubscriptions}); pending batches are delivered at once. With publishers still running it may never
   * be idle; the timeout bounds the wait.
   *
   * @return {@code true} if idle, {@code false} if {@code timeout} passed first
   * @param timeout how long to wait
   * @throws InterruptedException if the waiting thread is interrupted; the bus carries on
   * @throws IllegalStateException at once, if called from inside a handler of this bus (of any
   *     priority, durable or not), which would wait for itself: the bus is never idle while one of
   *     its handlers runs, so the wait could only run out. As with {@link #close()}, drain the bus
   *     from outside its handlers; a handler of another bus may drain this one
   */
  boolean drain(Duration timeout) throws InterruptedException;

  /**
   * Whether {@link #close()} was called: from then on the bus takes no more events and refuses
   * subscriptions, although it may still be delivering those it accepted.
   *
   * @return whether the bus is closed
   */
  boolean isClosed();

  /**
   * Stops taking events, delivers every event already accepted (waiting up to the configured
   * close timeout), stops each durable subscription after the event it is delivering (within the
   * same timeout), saving its checkpoint and releasing its lease, then stops the bus's own threads
   * and closes its store. Handlers that could not start in time are reported as failed with an
   * {@link IllegalStateException}, to their error callbacks, the error handler, the results and the
   * metrics, never dropped silently; handlers still running are interrupted, and finish afterwards,
   * and asynchronous handlers whose stage is still pending are reported as failed the same way.
   * Afterwards {@code publish}, {@code register} and {@code subscribe} throw {@link
   * IllegalStateException}, and requests still waiting for a reply, which can no longer come, fail
   * with one. Unless the builder turned it off, a shutdown hook does the same if the JVM exits while
   * the bus is open; closing removes it.
   *
   * <p>Closing is idempotent: once a call has returned, further calls do nothing; a call made
   * while another thread closes waits for it. If the closing thread is interrupted while it waits
   * for the accepted events, or its interrupt status is already set when it would start waiting
   * (as {@link java.util.concurrent.ExecutorService#awaitTermination} treats it), it stops
   * waiting, reports the handlers that have not started as failed as after a timeout, finishes
   * closing, and returns with its interrupt status set.
   *
   * @throws IllegalStateException if called from inside a handler of this bus, which would wait
   *     for itself (a handler of another bus may close this one)
   * @throws RuntimeException what the store's {@code close()} threw, if it failed: the bus is
   *     closed all the same, and a further call does nothing
   */
  @Override
  void close();
}
