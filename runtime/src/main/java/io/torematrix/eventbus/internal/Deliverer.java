package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.PublishOptions;
import io.torematrix.eventbus.PublishResult;
import java.time.Instant;
import java.util.List;
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
    lanes.normal.enablePosts(new Posts(invoker, lifecycle));
  }

  /**
   * The subscribers an event of {@code type} on {@code topic} reaches, by lane. It is a function
   * of {@code type}'s route ({@link SubscriberRegistry#route}, immutable, replaced whenever the
   * type's subscribers change) and of {@code topic}: a result cached with that route's identity
   * is stale exactly when either changed.
   */
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
    ImmediateDelivery delivery =
        deliverNow(selection, event, type, null, context, options, received, null, thread);
    return result(delivery, thread);
  }

  /**
   * The fast path of {@code publish}: an event with no middleware and no options, not stored,
   * whose handlers are all {@code IMMEDIATE} and synchronous, delivered here; its context is made
   * when something reads it, or else for its result, before this returns.
   *
   * @throws IllegalStateException if the bus is closed; nothing was taken
   */
  CompletionStage<PublishResult> publishNow(
      Selection selection,
      Object event,
      EventType type,
      String topic,
      EventIds ids,
      ThreadState thread) {
    ImmediateDelivery delivery =
        deliverNow(selection, event, type, topic, null, null, false, ids, thread);
    return result(delivery, thread);
  }

  /**
   * The stage of {@code delivery}'s result, its context made if nothing read it; then makes the
   * releases this thread owes.
   */
  private static CompletionStage<PublishResult> result(
      ImmediateDelivery delivery, ThreadState thread) {
    Throwable failure = delivery.escaped;
    delivery.escaped = null;
    PublishResult result =
        failure != null
            ? null
            : PublishResult.of(
                delivery.context(),
                delivery.delivered,
                delivery.filtered,
                delivery.failed,
                delivery.skipped,
                0,
                delivery.failures == null ? List.of() : delivery.failures);
    delivery.forget();
    thread.leaving();
    if (failure != null) {
      return failedStage(failure);
    }
    return CompletableFuture.completedFuture(result);
  }

  /**
   * The fast path of {@code post}: an event with no middleware, not stored, whose handlers are
   * all {@code IMMEDIATE} and synchronous, delivered here with a context made only if read.
   *
   * @throws IllegalStateException if the bus is closed; nothing was taken
   */
  void postNow(
      Selection selection,
      Object event,
      EventType type,
      String topic,
      EventIds ids,
      ThreadState thread) {
    ImmediateDelivery delivery =
        deliverNow(selection, event, type, topic, null, null, false, ids, thread);
    Throwable failure = delivery.escaped;
    delivery.escaped = null;
    delivery.forget();
    thread.leaving();
    if (failure != null) {
      if (failure instanceof Error error) {
        throw error;
      }
      throw Publisher.refused(failure);
    }
  }

  /**
   * The fast path of {@code post} for an event with no middleware, not stored, whose handlers are
   * all {@code NORMAL}, unordered and synchronous ({@link Selection#normalSyncOnly}): counts it in
   * flight, reserves room for it on the {@code NORMAL} lane as the back-pressure policy says, and
   * puts it in the lane's ring, with what its context is made of when a handler first reads it:
   * the time now, its id taken now (so that ids follow the order of posts, whichever lane thread
   * makes them), and the context of the event handled on this thread, if any, as its parent.
   * Nothing is allocated for it unless something reads the context of the event handled here.
   *
   * @return {@code false} if the lane has no ring (it runs tasks on an executor the bus was given
   *     or on the caller's thread): nothing was taken, and the caller publishes the event the
   *     general way
   * @throws IllegalStateException if the bus is closed
   * @throws io.torematrix.eventbus.QueueFullException if the lane has no room for it (see {@link
   *     Lane#reserve}); nothing stays taken, as with anything else thrown, an {@code Error}
   *     included
   */
  boolean postToLane(
      Selection selection,
      Object event,
      EventType type,
      String topic,
      EventIds ids,
      ThreadState thread) {
    Lane lane = lanes.normal;
    if (!lane.takesPosts()) {
      return false;
    }
    InFlight inFlight = lifecycle.inFlight;
    thread.hold(2);
    boolean counted = false;
    boolean reserved = false;
    boolean closed = false;
    Throwable failure = null;
    try {
      inFlight.enter();
      counted = true;
      if (lifecycle.isClosed()) {
        closed = true;
      } else {
        lane.reserve(type.info().name(), thread);
        reserved = true;
        EventContext parent = thread.currentContext();
        thread.countsOf(type.metrics()).published++;
        Instant now = BusClock.now();
        long id = ids.reserve(now.toEpochMilli());
        lane.post(event, selection.normal, type, topic, parent, now, ids, id);
        reserved = false;
        counted = false;
      }
    } catch (Throwable notQueued) {
      failure = notQueued;
    }
    if (reserved) {
      try {
        lane.release();
      } catch (StackOverflowError tooDeep) {
        thread.owed[thread.owing++] = lane;
      }
    }
    if (counted) {
      try {
        inFlight.exit();
      } catch (StackOverflowError tooDeep) {
        thread.owed[thread.owing++] = inFlight;
      }
    }
    thread.held -= 2;
    thread.leaving();
    if (closed) {
      throw closedException(type, event);
    }
    if (failure instanceof Error error) {
      throw error;
    }
    if (failure != null) {
      throw Publisher.refused(failure);
    }
    return true;
  }

  /**
   * Runs the synchronous {@code IMMEDIATE} handlers of {@code selection} here, through a delivery
   * of this thread announced to threads that close or drain the bus (see {@link ThreadState}),
   * with {@code context}, or, if it is {@code null}, one {@code ids} make when something reads it.
   * With a context, the event is appended to the store first, as {@code options} say, unless it
   * was {@code received} from another bus: that one is in the store already.
   *
   * @return the delivery, its outcomes counted, and what escaped it, if anything, in {@link
   *     ImmediateDelivery#escaped}, to be read before the caller makes the releases this thread
   *     owes ({@link ThreadState#leaving()}), which may publish again and reuse it
   * @throws IllegalStateException if the bus is closed; nothing was taken
   */
  private ImmediateDelivery deliverNow(
      Selection selection,
      Object event,
      EventType type,
      String topic,
      EventContext context,
      PublishOptions options,
      boolean received,
      EventIds ids,
      ThreadState thread) {
    thread.register();
    ImmediateDelivery delivery = thread.holdImmediate();
    boolean closed = false;
    Throwable failure = null;
    try {
      delivery.announce(lifecycle, selection.immediate);
      if (lifecycle.isClosed()) {
        closed = true;
      } else {
        if (context == null) {
          delivery.begin(ids, type, topic, thread.context, thread.handling());
        } else {
          delivery.begin(context);
          if (!received) {
            store(event, type, context, options);
          }
        }
        TypeMetrics metrics = type.metrics();
        TypeMetrics.Local counts = thread.countsOf(metrics);
        counts.published++;
        invoker.deliverNow(selection.immediate, event, delivery, metrics, counts, thread, null);
      }
    } catch (Throwable stepFailed) {
      failure = stepFailed;
    } finally {
      try {
        delivery.end();
      } catch (StackOverflowError tooDeep) {
        delivery.owed = delivery.written; // no call: one would overflow too
        thread.owed[thread.owing++] = delivery;
      }
      thread.immediates--;
      thread.held--;
    }
    if (closed) {
      thread.leaving();
      throw closedException(type, event);
    }
    delivery.escaped = failure;
    return delivery;
  }

  /** Whether events of {@code type} are appended to a store before delivery. */
  boolean stores(EventType type) {
    return storage != null && storage.stores(type);
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
