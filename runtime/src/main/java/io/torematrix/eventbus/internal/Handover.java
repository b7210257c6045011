package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.PublishOptions;
import io.torematrix.eventbus.PublishResult;
import java.util.concurrent.CompletionStage;

/**
 * Accepts one event that has handlers beyond synchronous {@code IMMEDIATE} ones, on the
 * publishing thread: counts it in flight, reserves room on its lanes, appends it to the store,
 * runs its {@code IMMEDIATE} handlers, and hands {@link DeliveryTask}s to the {@code NORMAL} and
 * {@code DEFERRED} lanes.
 *
 * <p>Each step records what it took as it completes, so that if any step fails (the store's
 * exception, a full queue, or an {@code Error}, a {@link StackOverflowError} included), {@link
 * #settle()} gives back exactly what was taken: tasks made and not yet handed over are abandoned
 * (their subscribers reported as failed with the error), room not yet owned by a {@link LanePart}
 * is released, and the publisher's parts arrive, so that the count in flight returns to what it
 * was. The publish stage then fails with the error. Settling is resumable (see {@link
 * ThreadState}).
 */
final class Handover implements Owed {
  private final Deliverer deliverer;
  private final Selection selection;

  /** Counted in flight, before a publication owns the count. */
  private boolean counted;
  /** The publication of the {@code IMMEDIATE} and {@code NORMAL} handlers. */
  private Publication publication;
  /** Whether the publisher still holds its own part of {@link #publication}. */
  private boolean ownPart;
  /** Room reserved that no lane part owns yet. */
  private boolean normalRoom;

  private boolean deferredRoom;
  /** Counted in flight for the {@code DEFERRED} handlers, before {@link #later} owns the count. */
  private boolean laterCounted;
  /** The publication of the {@code DEFERRED} handlers, which the publish stage does not await. */
  private Publication later;

  private boolean laterPart;
  /** The tasks, {@code NORMAL} ones first; those before {@code live} have their part taken. */
  private DeliveryTask[] tasks;

  private int live;
  private int submitted;
  /** Lanes this thread noted it holds room on. */
  private int holding;

  private Throwable failure;

  /** A hand-over to the subscribers {@code selection} names. */
  Handover(Deliverer deliverer, Selection selection) {
    this.deliverer = deliverer;
    this.selection = selection;
  }

  /**
   * Accepts {@code event}, of {@code type}, with {@code context}, as {@code options} say; runs
   * every step on {@code thread}, the publishing thread. An event {@code received} from another
   * bus is in the store already: it is not appended again.
   *
   * @return the publish stage: it completes once every {@code IMMEDIATE} and {@code NORMAL}
   *     handler is done, or fails with what made a step fail
   * @throws IllegalStateException if the bus is closed; nothing stays taken
   */
  CompletionStage<PublishResult> run(
      Object event,
      EventType type,
      EventContext context,
      PublishOptions options,
      boolean received,
      ThreadState thread) {
    thread.hold();
    boolean closed = false;
    try {
      closed = !take(event, type, context, options, received, thread);
    } catch (Throwable stepFailed) {
      failure = stepFailed;
    }
    thread.holds -= holding;
    holding = 0;
    if (failure != null || closed) {
      try {
        settle();
      } catch (StackOverflowError tooDeep) {
        thread.owed[thread.owing++] = this;
      }
    }
    thread.held--;
    thread.leaving();
    if (closed) {
      throw deliverer.closedException(type, event);
    }
    if (failure != null) {
      return Deliverer.failedStage(failure);
    }
    return publication.result();
  }

  /** Takes each step; returns {@code false} if the bus is closed. */
  private boolean take(
      Object event,
      EventType type,
      EventContext context,
      PublishOptions options,
      boolean received,
      ThreadState thread) {
    Lanes lanes = deliverer.lanes;
    InFlight inFlight = deliverer.lifecycle.inFlight;
    TypeMetrics metrics = type.metrics();
    inFlight.enter();
    counted = true;
    if (deliverer.lifecycle.isClosed()) {
      return false;
    }
    publication =
        new Publication(
            event, context, selection.deferred.length + selection.durable.length, metrics, inFlight);
    ownPart = true;
    counted = false;

    String typeName = type.info().name();
    if (selection.hasNormal()) {
      lanes.normal.reserve(typeName, thread);
      normalRoom = true;
      thread.beginHolding(lanes.normal);
      holding++;
    }
    if (selection.deferred.length > 0) {
      lanes.deferred.reserve(typeName, thread);
      deferredRoom = true;
      thread.beginHolding(lanes.deferred);
      holding++;
    }
    if (!received) {
      deliverer.store(event, type, context, options);
    }
    metrics.published();
    for (Subscriber<?> durable : selection.durable) {
      durable.signal.eventStored();
    }

    makeTasks(event, context);
    deliverer.invoker.deliverAll(selection.immediate, publication, thread);
    for (; submitted < live; submitted++) {
      submit(submitted);
    }
    if (laterPart) {
      later.settle();
      laterPart = false;
    }
    publication.settle();
    ownPart = false;
    return true;
  }

  /**
   * Makes the lane parts and the tasks, {@code NORMAL} ones first (one for the unordered
   * subscribers, one per ordered subscriber, then one for the {@code DEFERRED} subscribers); then
   * each lane part takes over the room reserved and a part of its publication, and its tasks
   * become live.
   */
  private void makeTasks(Object event, EventContext context) {
    Lanes lanes = deliverer.lanes;
    HandlerInvoker invoker = deliverer.invoker;
    int normalTasks = normalTasks();
    int count = normalTasks + (selection.deferred.length > 0 ? 1 : 0);
    if (count == 0) {
      return;
    }
    DeliveryTask[] made = new DeliveryTask[count];
    if (normalTasks > 0) {
      LanePart part = new LanePart(lanes.normal, publication, normalTasks);
      int index = 0;
      if (selection.normal.length > 0) {
        made[index++] = new DeliveryTask(invoker, selection.normal, publication, part);
      }
      for (Subscriber<?> subscriber : selection.ordered) {
        made[index++] = new DeliveryTask(invoker, subscriber.alone, publication, part);
      }
    }
    tasks = made;
    if (normalTasks > 0) {
      publication.expect();
      normalRoom = false;
      live = normalTasks;
    }
    if (selection.deferred.length > 0) {
      InFlight inFlight = deliverer.lifecycle.inFlight;
      inFlight.enter();
      laterCounted = true;
      later = new Publication(event, context, 0, publication.metrics(), inFlight);
      laterPart = true;
      laterCounted = false;
      LanePart part = new LanePart(lanes.deferred, later, 1);
      made[normalTasks] = new DeliveryTask(invoker, selection.deferred, later, part);
      later.expect();
      deferredRoom = false;
      live = count;
    }
  }

  /** One task for the unordered {@code NORMAL} subscribers, if any, and one per ordered one. */
  private int normalTasks() {
    return (selection.normal.length > 0 ? 1 : 0) + selection.ordered.length;
  }

  /** Hands the task at {@code index} (see {@link #makeTasks}) to its lane or serial queue. */
  private void submit(int index) {
    int unordered = selection.normal.length > 0 ? 1 : 0;
    if (index >= normalTasks()) {
      deliverer.submit(deliverer.lanes.deferred, tasks[index]);
    } else if (index < unordered) {
      deliverer.submit(deliverer.lanes.normal, tasks[index]);
    } else {
      selection.ordered[index - unordered].serialQueue().enqueue(tasks[index]);
    }
  }

  /**
   * Gives back what the steps took and did not hand over; called after a step failed, or again
   * to carry on when it overflowed.
   */
  @Override
  public void settle() {
    Throwable reason = failure;
    if (publication != null && reason != null) {
      publication.breakWith(reason);
    }
    for (; submitted < live; submitted++) {
      tasks[submitted].abandon(reason);
    }
    if (normalRoom) {
      deliverer.lanes.normal.release();
      normalRoom = false;
    }
    if (deferredRoom) {
      deliverer.lanes.deferred.release();
      deferredRoom = false;
    }
    if (laterCounted) {
      deliverer.lifecycle.inFlight.exit();
      laterCounted = false;
    }
    if (laterPart) {
      later.settle();
      laterPart = false;
    }
    if (counted) {
      deliverer.lifecycle.inFlight.exit();
      counted = false;
    }
    if (ownPart) {
      publication.settle();
      ownPart = false;
    }
  }
}
