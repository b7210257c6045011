package io.torematrix.eventbus;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
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
 * order}, then in registration order.
 *
 * <h2>Failures</h2>
 *
 * A failing handler never makes {@code publish} throw. Each failure goes to the subscription's
 * error callback, to the bus's error handler (by default, a warning in the {@code
 * io.torematrix.eventbus} {@link System.Logger}) and into the {@link PublishResult}. {@code
 * publish} throws only for a programming error: a {@code null} event, a type that is not an
 * {@code @Event}, an invalid topic, or a closed bus.
 *
 * <h2>Threads</h2>
 *
 * Every method may be called from any thread. Subscribing and unsubscribing while other threads
 * publish is safe: once a subscription's {@code close()} returns, its handlers receive no event
 * published afterwards.
 */
public interface EventBus extends AutoCloseable {

  /** A bus with every default; see {@link EventBusBuilder}. */
  static EventBus create() {
    return builder().build();
  }

  /** Starts configuring a bus. */
  static EventBusBuilder builder() {
    return new EventBusBuilder();
  }

  /**
   * Subscribes every {@code @Subscribe} method of {@code listener} and of its superclasses.
   *
   * @return a subscription whose {@code close()} unsubscribes them all
   * @throws IllegalArgumentException if neither the listener's class nor a superclass has a
   *     generated dispatcher: it declares no {@code @Subscribe} method, or it was compiled without
   *     the processor
   * @throws IllegalStateException if the bus is closed
   */
  Subscription register(Object listener);

  /**
   * Subscribes {@code handler} to events of {@code type} and its subtypes, on every topic, at
   * {@code NORMAL} priority.
   *
   * @throws IllegalArgumentException if {@code type} is not a known {@code @Event} type
   * @throws IllegalStateException if the bus is closed
   */
  default <E> Subscription subscribe(Class<E> type, Consumer<? super E> handler) {
    return subscribe(type, handler, SubscribeOptions.defaults());
  }

  /**
   * Subscribes {@code handler} to events of {@code type} and its subtypes, as {@code options}
   * say.
   *
   * @throws IllegalArgumentException if {@code type} is not a known {@code @Event} type
   * @throws IllegalStateException if the bus is closed
   */
  <E> Subscription subscribe(
      Class<E> type, Consumer<? super E> handler, SubscribeOptions<E> options);

  /**
   * Subscribes an asynchronous {@code handler}: its delivery is finished when the stage it returns
   * completes, and {@code publish} awaits that stage.
   *
   * @throws IllegalArgumentException if {@code type} is not a known {@code @Event} type
   * @throws IllegalStateException if the bus is closed
   */
  default <E> Subscription subscribeAsync(
      Class<E> type, Function<? super E, ? extends CompletionStage<?>> handler) {
    return subscribeAsync(type, handler, SubscribeOptions.defaults());
  }

  /**
   * Subscribes an asynchronous {@code handler} as {@code options} say.
   *
   * @throws IllegalArgumentException if {@code type} is not a known {@code @Event} type
   * @throws IllegalStateException if the bus is closed
   */
  <E> Subscription subscribeAsync(
      Class<E> type,
      Function<? super E, ? extends CompletionStage<?>> handler,
      SubscribeOptions<E> options);

  /**
   * Subscribes {@code handler} to batches of events of {@code type}: up to {@code
   * options.batchSize()} events at once, or whatever arrived within {@code options.batchWindow()}
   * of the first. Batches are delivered in the background, so {@code options} must have priority
   * {@code DEFERRED}; the filter and error callback apply per event.
   *
   * <pre>{@code
   * bus.subscribeBatch(OrderPlaced.class, orders -> warehouse.reserveAll(orders),
   *     SubscribeOptions.<OrderPlaced>defaults()
   *         .priority(Priority.DEFERRED)
   *         .batch(500, Duration.ofMillis(50)));
   * }</pre>
   *
   * @throws IllegalArgumentException if {@code type} is not a known {@code @Event} type, or the
   *     priority is not {@code DEFERRED}
   * @throws IllegalStateException if the bus is closed
   */
  <E> Subscription subscribeBatch(
      Class<E> type, Consumer<? super List<E>> handler, SubscribeOptions<E> options);

  /**
   * Publishes {@code event} on its type's default topic ({@code @Event(topic)}, or else its name).
   *
   * @return a stage that completes, never exceptionally because of a handler, once every {@code
   *     IMMEDIATE} and {@code NORMAL} handler has finished; it fails with {@link
   *     QueueFullException} if the event was refused before any handler saw it
   * @throws NullPointerException if {@code event} is null
   * @throws IllegalArgumentException if its class is not a known {@code @Event} type
   * @throws IllegalStateException if the bus is closed
   */
  CompletionStage<PublishResult> publish(Object event);

  /**
   * Publishes {@code event} on {@code topic}.
   *
   * @throws IllegalArgumentException if {@code topic} is not a valid topic (dot-separated tokens
   *     of printable ASCII, no wildcards), or the event's class is not a known {@code @Event} type
   * @see #publish(Object)
   */
  CompletionStage<PublishResult> publish(Object event, String topic);

  /**
   * Publishes {@code event} as {@code options} say: on a topic, with headers, or caused by a given
   * event.
   *
   * @see #publish(Object)
   */
  CompletionStage<PublishResult> publish(Object event, PublishOptions options);

  /**
   * Publishes {@code request} and awaits one reply of type {@code responseType}. The request's
   * context carries a unique reply topic ({@link EventContext#replyTo()}); a handler answers with
   * {@link #reply(EventContext, Object)}.
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
   *     {@link IllegalStateException} if no subscription received the request or every handler
   *     of it failed, or with the publish failure
   * @throws IllegalArgumentException if either type is not a known {@code @Event} type
   * @throws IllegalStateException if the bus is closed
   */
  <R> CompletionStage<R> request(Object request, Class<R> responseType, Duration timeout);

  /**
   * Publishes {@code response} on the reply topic of the request whose context is {@code
   * request}, caused by it.
   *
   * @throws IllegalArgumentException if that event was published, not requested, so expects no
   *     reply
   */
  CompletionStage<PublishResult> reply(EventContext request, Object response);

  /**
   * Reads the stored events {@code query} selects, decoded, in store order.
   *
   * @return a stage that fails with {@link EventStoreException} if the store cannot be read or a
   *     record cannot be decoded (naming its position)
   * @throws IllegalStateException if the bus has no store
   */
  CompletionStage<List<StoredEvent>> query(EventQuery query);

  /**
   * The stored events {@code condition} accepts, in store order. Every stored event is read and
   * decoded; prefer {@link #getEvents(Class, Predicate)} or {@link #query} where possible.
   *
   * @throws IllegalStateException if the bus has no store
   */
  CompletionStage<List<Object>> getEvents(Predicate<Object> condition);

  /**
   * The stored events of {@code type} (its subtypes included) that {@code condition} accepts, in
   * store order. The type is pushed down to the store as type names; the condition is applied to
   * the decoded events.
   *
   * @throws IllegalStateException if the bus has no store
   */
  <E> CompletionStage<List<E>> getEvents(Class<E> type, Predicate<? super E> condition);

  /**
   * Rebuilds an entity's state from its stream: folds {@code step} over the stream's events, in
   * order, starting from {@code initial}. Publish the next event of the entity with {@code
   * PublishOptions.defaults().stream(streamId, ExpectedVersion.exactly(folded.version()))}.
   *
   * <pre>{@code
   * Folded<Account> account = bus.fold("acc-1", AccountEvent.class, Account.none("acc-1"), Account::apply)
   *     .toCompletableFuture().join();
   * }</pre>
   *
   * @return a stage failing with {@link IllegalStateException} if the stream holds an event that
   *     is not an {@code E}
   * @throws IllegalStateException if the bus has no store
   */
  <S, E> CompletionStage<Folded<S>> fold(
      String streamId, Class<E> type, S initial, BiFunction<S, ? super E, S> step);

  /**
   * Re-delivers the stored events {@code query} selects to the {@code @Subscribe} methods of
   * {@code listener}, which is not registered with the bus: on one thread, in store order,
   * whatever the handlers' priorities, with {@link EventContext#isReplay()} true. Failures go to
   * the error callbacks, the bus's error handler and the result, as for published events.
   *
   * @throws IllegalArgumentException if the listener has no generated dispatcher
   * @throws IllegalStateException if the bus has no store
   */
  CompletionStage<ReplayResult> replay(EventQuery query, Object listener);

  /**
   * Re-delivers the stored events {@code query} selects to {@code target}, one at a time, in store
   * order, with {@link EventContext#isReplay()} true.
   *
   * @return a stage completing with the number of events re-delivered
   * @throws IllegalStateException if the bus has no store
   */
  CompletionStage<Long> replay(EventQuery query, Consumer<? super StoredEvent> target);

  /**
   * A snapshot of the bus's figures: per event type, published, delivered, filtered, failed and
   * dead counts and handler time; queue depths; events in flight.
   */
  EventBusMetrics metrics();

  /**
   * Waits until the bus is idle: every accepted event delivered to every handler, {@code
   * DEFERRED} ones included. With publishers still running it may never be idle; the timeout
   * bounds the wait.
   *
   * @return {@code true} if idle, {@code false} if {@code timeout} passed first
   */
  boolean drain(Duration timeout) throws InterruptedException;

  /**
   * Stops taking events, delivers every event already accepted (waiting up to the configured
   * close timeout), then stops the bus's own threads. Handlers that could not run in time are
   * reported as failed with an {@link IllegalStateException}, never dropped silently. Afterwards
   * {@code publish}, {@code register} and {@code subscribe} throw {@link IllegalStateException}.
   * Closing twice does nothing.
   *
   * @throws IllegalStateException if called from inside a handler, which would wait for itself
   */
  @Override
  void close();
}
