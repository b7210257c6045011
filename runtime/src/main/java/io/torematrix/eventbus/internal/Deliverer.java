package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.PublishResult;
import io.torematrix.eventbus.QueueFullException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;

/**
 * Routes an accepted event to its subscribers and runs them on their lanes: the {@code
 * IMMEDIATE} ones right here, the {@code NORMAL} ones as one task on the {@code NORMAL} lane (and
 * each ordered one on its serial queue), the {@code DEFERRED} ones as one task on the {@code
 * DEFERRED} lane; the durable ones it wakes, to read the stored event. Room on each lane is
 * {@linkplain #reserve reserved} before the event is accepted, so that a full queue refuses it
 * before the store or any handler sees it.
 */
final class Deliverer {
  private final SubscriberRegistry registry;
  private final HandlerInvoker invoker;
  private final Lanes lanes;
  private final InFlight inFlight;

  Deliverer(SubscriberRegistry registry, HandlerInvoker invoker, Lanes lanes, InFlight inFlight) {
    this.registry = registry;
    this.invoker = invoker;
    this.lanes = lanes;
    this.inFlight = inFlight;
  }

  /** The subscribers an event of {@code type} on {@code topic} reaches, by lane. */
  Selection select(EventType type, String topic) {
    return registry.route(type).select(topic);
  }

  /**
   * Reserves room for one event on each lane the selection uses.
   *
   * @throws QueueFullException if a lane had no room in time; nothing stays reserved
   */
  void reserve(Selection selection, EventType type) {
    String typeName = type.info().name();
    if (selection.hasNormal()) {
      lanes.normal.reserve(typeName);
    }
    if (selection.deferred.length > 0) {
      try {
        lanes.deferred.reserve(typeName);
      } catch (QueueFullException refused) {
        if (selection.hasNormal()) {
          lanes.normal.release();
        }
        throw refused;
      }
    }
  }

  /** Gives back the room {@link #reserve} took, for an event that was not accepted after all. */
  void release(Selection selection) {
    if (selection.hasNormal()) {
      lanes.normal.release();
    }
    if (selection.deferred.length > 0) {
      lanes.deferred.release();
    }
  }

  /**
   * Delivers an accepted event, for which room was reserved, to the selected subscribers.
   *
   * @param onComplete runs once every {@code IMMEDIATE} and {@code NORMAL} handler is done, before
   *     the returned stage completes
   */
  CompletionStage<PublishResult> deliver(
      Selection selection,
      Object event,
      EventContext context,
      TypeMetrics metrics,
      Runnable onComplete) {
    for (Subscriber<?> durable : selection.durable) {
      durable.signal.eventStored();
    }
    if (selection.immediateSyncOnly) {
      try {
        return CompletableFuture.completedFuture(
            invoker.deliverNow(selection.immediate, event, context, metrics));
      } finally {
        onComplete.run();
      }
    }
    Publication publication =
        new Publication(
            event,
            context,
            selection.deferred.length + selection.durable.length,
            metrics,
            onComplete);
    invoker.deliverAll(selection.immediate, publication);
    if (selection.hasNormal()) {
      deliverNormal(selection, publication);
    }
    if (selection.deferred.length > 0) {
      deliverDeferred(selection, event, context, metrics);
    }
    publication.arrive();
    return publication.result();
  }

  private void deliverNormal(Selection selection, Publication publication) {
    int tasks = (selection.normal.length > 0 ? 1 : 0) + selection.ordered.length;
    LanePart part = new LanePart(lanes.normal, publication, tasks);
    if (selection.normal.length > 0) {
      submit(lanes.normal, new DeliveryTask(invoker, selection.normal, publication, part));
    }
    for (Subscriber<?> subscriber : selection.ordered) {
      subscriber
          .serialQueue()
          .enqueue(new DeliveryTask(invoker, subscriber.alone, publication, part));
    }
  }

  /** {@code DEFERRED} deliveries are not awaited by the publish stage: they hold their own place. */
  private void deliverDeferred(
      Selection selection, Object event, EventContext context, TypeMetrics metrics) {
    inFlight.enter();
    Publication later = new Publication(event, context, 0, metrics, inFlight.exitTask);
    LanePart part = new LanePart(lanes.deferred, later, 1);
    submit(lanes.deferred, new DeliveryTask(invoker, selection.deferred, later, part));
    later.arrive();
  }

  private static void submit(Lane lane, DeliveryTask task) {
    try {
      lane.execute(task);
    } catch (RejectedExecutionException e) {
      task.abandon(e);
    }
  }
}
