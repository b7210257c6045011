package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.PublishOptions;
import io.torematrix.eventbus.PublishResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;

/**
 * Accepts an event that passed its middleware and delivers it: selects its subscribers, counts it
 * in flight, reserves room on its lanes (so that a full queue refuses it before the store or any
 * handler sees it), appends it to the store (write-ahead), then runs the {@code IMMEDIATE}
 * handlers at once and hands the others to their lanes as {@link DeliveryTask}s. Durable
 * subscribers are not delivered to here: their workers are woken to read the stored event.
 *
 * <p>An event whose handlers are all {@code IMMEDIATE} and synchronous takes a fast path that
 * allocates no publication; every other event goes through a {@link Handover}. Either way,
 * whatever fails, an {@code Error} included, gives back everything it took: the stage fails with
 * the error, and the bus's counts are as before.
 */
final class Deliverer {
  private final SubscriberRegistry registry;
  final HandlerInvoker invoker;
  final Lanes lanes;
  final Lifecycle lifecycle;
  /** {@code null} without a store. */
  private final Storage storage;

  Deliverer(
      SubscriberRegistry registry,
      HandlerInvoker invoker,
      Lanes lanes,
      Lifecycle lifecycle,
      Storage storage) {
    this.registry = registry;
    this.invoker = invoker;
    this.lanes = lanes;
    this.lifecycle = lifecycle;
    this.storage = storage;
  }

  /** The subscribers an event of {@code type} on {@code topic} reaches, by lane. */
  Selection select(EventType type, String topic) {
    return registry.route(type).select(topic);
  }

  /**
   * Accepts an event for the subscribers {@code selection} names, on {@code thread}, the calling
   * thread; one {@code received} from another bus is in the store already, so is not appended.
   *
   * @return a stage that completes once every {@code IMMEDIATE} and {@code NORMAL} handler is
   *     done, or fails with {@link io.torematrix.eventbus.QueueFullException}, the store's
   *     failure, or whatever else stopped the event before its handlers had it
   * @throws IllegalStateException if the bus is closed; nothing was taken
   */
  CompletionStage<PublishResult> accept(
      Selection selection,
      Object event,
      EventType type,
      EventContext context,
      PublishOptions options,
      boolean received,
      ThreadState thread) {
    if (selection.immediateSyncOnly) {
      return acceptNow(selection, event, type, context, options, received, thread);
    }
    return new Handover(this, selection).run(event, type, context, options, received, thread);
  }

  /** The fast path: synchronous {@code IMMEDIATE} handlers only, all run here. */
  private CompletionStage<PublishResult> acceptNow(
      Selection selection,
      Object event,
      EventType type,
      EventContext context,
      PublishOptions options,
      boolean received,
      ThreadState thread) {
    InFlight inFlight = lifecycle.inFlight;
    thread.hold();
    boolean counted = false;
    boolean closed = false;
    PublishResult result = null;
    Throwable failure = null;
    try {
      inFlight.enter();
      counted = true;
      if (lifecycle.isClosed()) {
        closed = true;
      } else {
        if (!received) {
          store(event, type, context, options);
        }
        TypeMetrics metrics = type.metrics();
        metrics.published();
        result = invoker.deliverNow(selection.immediate, event, context, metrics, thread);
      }
    } catch (Throwable stepFailed) {
      failure = stepFailed;
    } finally {
      if (counted) {
        try {
          inFlight.exit();
        } catch (StackOverflowError tooDeep) {
          thread.owed[thread.owing++] = inFlight;
        }
      }
      thread.held--;
    }
    thread.leaving();
    if (closed) {
      throw closedException(type, event);
    }
    if (failure != null) {
      return failedStage(failure);
    }
    return CompletableFuture.completedFuture(result);
  }

  /**
   * Appends the event to the store, if there is one, before any handler sees it.
   *
   * @throws IllegalStateException if the options name a stream and there is no store
   */
  void store(Object event, EventType type, EventContext context, PublishOptions options) {
    if (storage == null) {
      if (options.streamId() != null) {
        throw new IllegalStateException(
            "publishing to stream \""
                + options.streamId()
                + "\" needs a store: configure one with EventBus.builder().store(...)");
      }
      return;
    }
    if (storage.stores(type)) {
      storage.append(event, type, context, options.streamId(), options.expected());
    }
  }

  /** Hands {@code task} to {@code lane}; if the lane refuses it, the task reports itself failed. */
  void submit(Lane lane, DeliveryTask task) {
    try {
      lane.execute(task);
    } catch (RejectedExecutionException refused) {
      task.abandon(refused);
    }
  }

  /** The exception {@code publish} throws on a closed bus. */
  IllegalStateException closedException(EventType type, Object event) {
    return new IllegalStateException(
        "the bus is closed: " + type.info().name() + " event " + event + " was not published");
  }

  /**
   * A stage failed with {@code failure}. If even that overflows, the failure is thrown instead:
   * the thread has no stack left to report it otherwise, and nothing is taken any more.
   */
  static CompletionStage<PublishResult> failedStage(Throwable failure) {
    try {
      return CompletableFuture.failedStage(failure);
    } catch (StackOverflowError tooDeep) {
      if (failure instanceof Error error) {
        throw error;
      }
      if (failure instanceof RuntimeException exception) {
        throw exception;
      }
      throw tooDeep;
    }
  }
}
