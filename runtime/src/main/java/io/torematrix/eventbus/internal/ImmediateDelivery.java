package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.HandlerFailure;
import java.util.ArrayList;
import java.util.List;

/**
 * One event whose handlers all run synchronously on the publishing thread: the outcomes of its
 * deliveries, in plain counters, and its context, made only when something first reads it (a
 * handler that takes it, a failure report, an event published from one of its handlers).
 *
 * <p>Each thread keeps one per depth of nested publishing (see {@link ThreadState#beginImmediate}),
 * reused from one event to the next, so that an event none of whose handlers reads its context
 * allocates nothing. Only its thread touches it.
 *
 * <h2>Time order of a context made late</h2>
 *
 * A context made when it is first read takes its id and timestamp then, still during the publish
 * call, since nothing outside it can reach the event. An event's id is made before that of any
 * event published from its handlers that reads it (the parent's id is the child's causation id),
 * and an event published later on the same thread starts after this one returned: so ids stay
 * ordered as events are published, on each thread.
 */
final class ImmediateDelivery implements Outcomes {
  private EventIds ids;
  private EventType type;
  private String topic;
  /** The context of the event handled on this thread when this one was published, if made. */
  private EventContext parentContext;
  /** That event, if its context is not made yet. */
  private ImmediateDelivery parentDelivery;

  private EventContext context;
  int delivered;
  int filtered;
  int failed;
  int skipped;
  /** {@code null} until something fails. */
  List<HandlerFailure> failures;

  /**
   * Starts the delivery of an event of {@code type} on {@code topic} whose context {@code ids}
   * make when read; its parent is the event handled on this thread, if any.
   */
  void begin(
      EventIds ids,
      EventType type,
      String topic,
      EventContext parentContext,
      ImmediateDelivery parentDelivery) {
    this.ids = ids;
    this.type = type;
    this.topic = topic;
    this.parentContext = parentContext;
    this.parentDelivery = parentDelivery;
    this.context = null;
    reset();
  }

  /** Starts the delivery of an event whose context is made already. */
  void begin(EventContext context) {
    this.ids = null;
    this.type = null;
    this.topic = null;
    this.parentContext = null;
    this.parentDelivery = null;
    this.context = context;
    reset();
  }

  private void reset() {
    delivered = 0;
    filtered = 0;
    failed = 0;
    skipped = 0;
    failures = null;
  }

  /** The event's context, made now if nothing read it before. */
  @Override
  public EventContext context() {
    EventContext made = context;
    if (made == null) {
      EventContext parent = parentDelivery != null ? parentDelivery.context() : parentContext;
      made = Publisher.newContext(ids, type, topic, null, null, parent);
      context = made;
      parentDelivery = null;
    }
    return made;
  }

  @Override
  public void delivered() {
    delivered++;
  }

  @Override
  public void filtered() {
    filtered++;
  }

  @Override
  public void skipped() {
    skipped++;
  }

  @Override
  public void failed(HandlerFailure failure, boolean countsAsFailedHandler) {
    if (countsAsFailedHandler) {
      failed++;
    }
    if (failures == null) {
      failures = new ArrayList<>();
    }
    failures.add(failure);
  }
}
