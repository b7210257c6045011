package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.EventHistory;
import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.Folded;
import io.torematrix.eventbus.ReplayResult;
import io.torematrix.eventbus.StoredEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The {@link EventHistory} of a bus with a store: queries, typed and untyped lookups, folds of a
 * stream and replays into a listener or a lambda. Every read runs on the {@code NORMAL} lane's
 * threads (the caller's with {@code directExecution()}), page by page through {@link Storage}. A
 * closed bus reads nothing, and a read that the closing bus never started fails rather than hangs.
 */
final class History implements EventHistory {
  private final Storage storage;
  private final EventTypes types;
  private final HandlerBinder binder;
  private final HandlerInvoker invoker;
  private final Executor readers;
  private final Lifecycle lifecycle;

  History(
      Storage storage,
      EventTypes types,
      HandlerBinder binder,
      HandlerInvoker invoker,
      Executor readers,
      Lifecycle lifecycle) {
    this.storage = storage;
    this.types = types;
    this.binder = binder;
    this.invoker = invoker;
    this.readers = readers;
    this.lifecycle = lifecycle;
  }

  @Override
  public CompletionStage<List<StoredEvent>> query(EventQuery query) {
    Objects.requireNonNull(query, "query");
    return read(
        () -> {
          List<StoredEvent> found = new ArrayList<>();
          storage.forEach(query, false, found::add);
          return List.copyOf(found);
        });
  }

  @Override
  public CompletionStage<List<Object>> events(Predicate<Object> condition) {
    Objects.requireNonNull(condition, "condition");
    return read(
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
  public <E> CompletionStage<List<E>> events(Class<E> type, Predicate<? super E> condition) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(condition, "condition");
    types.require(type);
    EventQuery query = EventQuery.all().types(types.namesDeliveredTo(type).toArray(String[]::new));
    return read(
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
    return read(
        () -> {
          Fold<S, E> fold = new Fold<>(streamId, type, initial, step);
          storage.forEach(EventQuery.all().streamId(streamId), true, fold);
          return new Folded<>(fold.state, fold.version);
        });
  }

  /** The state of one fold as it walks its stream. */
  private static final class Fold<S, E> implements Consumer<StoredEvent> {
    private final String streamId;
    private final Class<E> type;
    private final BiFunction<S, ? super E, S> step;
    S state;
    long version;

    Fold(String streamId, Class<E> type, S initial, BiFunction<S, ? super E, S> step) {
      this.streamId = streamId;
      this.type = type;
      this.step = step;
      this.state = initial;
    }

    @Override
    public void accept(StoredEvent stored) {
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
      state = step.apply(state, type.cast(stored.event()));
      version = stored.streamVersion();
    }
  }

  @Override
  public CompletionStage<ReplayResult> replay(EventQuery query, Object listener) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(listener, "listener");
    List<Subscriber<?>> subscribers = binder.bindForReplay(listener);
    return read(() -> new Replay(invoker, types, subscribers).run(storage, query));
  }

  @Override
  public CompletionStage<Long> replay(EventQuery query, Consumer<? super StoredEvent> target) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(target, "target");
    return read(() -> storage.forEach(query, true, target::accept));
  }

  /**
   * Runs {@code work} on the readers.
   *
   * @throws IllegalStateException if the bus is closed
   */
  private <T> CompletionStage<T> read(Supplier<T> work) {
    lifecycle.requireOpen("read its history");
    Read<T> read = new Read<>(work);
    try {
      readers.execute(read);
    } catch (RejectedExecutionException refused) {
      // a stopped lane has abandoned the read already; an executor the bus was given may refuse
      read.result.completeExceptionally(refused);
    }
    return read.result;
  }

  /**
   * One read, queued on the {@code NORMAL} lane. Its stage completes as {@code supplyAsync}'s
   * would; if the lane stops before the read starts, as a close that timed out stops it, the
   * stage fails instead of never completing.
   */
  private static final class Read<T> implements Runnable, Abandonable {
    final CompletableFuture<T> result = new CompletableFuture<>();
    private final Supplier<T> work;

    Read(Supplier<T> work) {
      this.work = work;
    }

    @Override
    public void run() {
      try {
        result.complete(work.get());
      } catch (Throwable failure) {
        result.completeExceptionally(
            failure instanceof CompletionException ? failure : new CompletionException(failure));
      }
    }

    @Override
    public void abandon(Throwable reason) {
      result.completeExceptionally(
          new IllegalStateException("the bus closed before this read of its history started", reason));
    }
  }
}
