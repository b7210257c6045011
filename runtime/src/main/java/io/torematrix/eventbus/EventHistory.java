package io.torematrix.eventbus;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The stored events of a bus, read back: {@link EventBus#history()} returns it for a bus built
 * with a store. Queries are evaluated by the store; events are decoded to the current version of
 * their type (through the upcasters), in store order.
 *
 * <pre>{@code
 * EventHistory history = bus.history();
 * List<StoredEvent> page = history.query(EventQuery.all().types("order.placed").limit(100))
 *     .toCompletableFuture().join();
 * Folded<Account> account = history.fold("acc-1", AccountEvent.class, Account.none("acc-1"), Account::apply)
 *     .toCompletableFuture().join();
 * }</pre>
 *
 * <h2>Threads and failures</h2>
 *
 * Every method returns at once; the reading runs on the bus's {@code NORMAL} threads (on the
 * caller's with {@code directExecution()}), and the stage completes there. A stage fails with
 * {@link EventStoreException} if the store cannot be read or a stored event cannot be decoded
 * (naming its position), and with {@link IllegalStateException} if the bus closed before the
 * read started. Every method throws {@link IllegalStateException} once the bus is closed.
 */
public interface EventHistory {

  /**
   * The stored events {@code query} selects, decoded, in store order.
   *
   * @param query what to read: types, topics, stream, time range, correlation, cursor and limit
   * @return a stage completing with the events, each with its cursor and context
   */
  CompletionStage<List<StoredEvent>> query(EventQuery query);

  /**
   * The stored events {@code condition} accepts, in store order. Every stored event is read and
   * decoded; prefer {@link #events(Class, Predicate)} or {@link #query} where possible.
   *
   * @param condition accepts the decoded events to return
   * @return a stage completing with the accepted events
   */
  CompletionStage<List<Object>> events(Predicate<Object> condition);

  /**
   * The stored events of {@code type} (its subtypes included) that {@code condition} accepts, in
   * store order. The type is pushed down to the store as type names; the condition is applied to
   * the decoded events.
   *
   * @param <E> the event type
   * @param type the {@code @Event} type (or a supertype of some) to read
   * @param condition accepts the decoded events to return
   * @return a stage completing with the accepted events
   * @throws IllegalArgumentException if {@code type} is not a known {@code @Event} type
   */
  <E> CompletionStage<List<E>> events(Class<E> type, Predicate<? super E> condition);

  /**
   * Rebuilds an entity's state from its stream: folds {@code step} over the stream's events, in
   * order, starting from {@code initial}. Publish the next event of the entity with {@code
   * PublishOptions.defaults().streamId(streamId, ExpectedVersion.exactly(folded.version()))}, so
   * that a concurrent change is detected.
   *
   * <pre>{@code
   * Folded<Account> account = bus.history()
   *     .fold("acc-1", AccountEvent.class, Account.none("acc-1"), Account::apply)
   *     .toCompletableFuture().join();
   * }</pre>
   *
   * @return a stage failing with {@link IllegalStateException} if the stream holds an event that
   *     is not an {@code E}
   * @param <S> the state's type
   * @param <E> the type of the stream's events
   * @param streamId the stream to read
   * @param type the type every event of the stream has
   * @param initial the state before the stream's first event
   * @param step the next state from a state and an event; called on one thread, in stream order
   */
  <S, E> CompletionStage<Folded<S>> fold(
      String streamId, Class<E> type, S initial, BiFunction<S, ? super E, S> step);

  /**
   * Re-delivers the stored events {@code query} selects to the {@code @Subscribe} methods of
   * {@code listener}, which is not registered with the bus: on one thread, in store order,
   * whatever the handlers' priorities, with {@link EventContext#isReplay()} true. Batch handlers
   * get their events in batches, the last one when the replay ends. Failures go to the error
   * callbacks, the bus's error handler and the result, as for published events. The stage
   * completes once every handler, asynchronous ones included, is done.
   *
   * @param query the stored events to re-deliver
   * @param listener an object with {@code @Subscribe} methods, not registered with the bus
   * @return a stage completing with the counts of delivered, filtered and failed deliveries
   * @throws IllegalArgumentException if the listener has no generated dispatcher
   */
  CompletionStage<ReplayResult> replay(EventQuery query, Object listener);

  /**
   * Re-delivers the stored events {@code query} selects to {@code target}, one at a time, in store
   * order, with {@link EventContext#isReplay()} true.
   *
   * @return a stage completing with the number of events re-delivered; it fails with what {@code
   *     target} threw, after which no further event is delivered
   * @param query the stored events to re-deliver
   * @param target receives each event with its context
   */
  CompletionStage<Long> replay(EventQuery query, Consumer<? super StoredEvent> target);
}
