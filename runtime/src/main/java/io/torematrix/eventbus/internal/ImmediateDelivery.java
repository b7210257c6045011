package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.HandlerFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One event whose handlers all run synchronously on the publishing thread: the outcomes of its
 * deliveries, in plain counters, and its context, made only when something first reads it (a
 * handler that takes it, a failure report, an event published from one of its handlers).
 *
 * <p>Each thread keeps one per depth of nested publishing (see {@link ThreadState#beginImmediate}),
 * reused from one event to the next, so that an event none of whose handlers reads its context
 * allocates nothing. Only its thread writes it. On the paths of {@code post} and of {@code publish}
 * without options, a reference field is written only when its value changes: this object lives
 * long, and a reference stored into a long-lived object may cost the collector's write barrier a
 * full fence (G1's does, into an old region), so that a thread that delivers events of one type to
 * the same subscribers, and none fails, writes no reference at all.
 *
 * <h2>Time order of a context made late</h2>
 *
 * A context made when it is first read takes its id and timestamp then, still during the publish
 * call, since nothing outside it can reach the event. An event's id is made before that of any
 * event published from its handlers that reads it (the parent's id is the child's causation id),
 * and an event published later on the same thread starts after this one returned: so ids stay
 * ordered as events are published, on each thread.
 */
final class ImmediateDelivery implements Outcomes, Owed {
  /** The bus of the running delivery; read by other threads while {@link #sequence} is odd. */
  private Lifecycle bus;
  /** Odd while a delivery runs, even between; only its thread writes it. */
  private final AtomicLong sequence = new AtomicLong();
  /**
   * {@link #sequence} as this thread last wrote it: read without a call, so that a frame whose
   * {@link #end} overflowed can mark it owed in its {@code catch} with field stores alone (a call
   * there would overflow as well, leaving the delivery running for good).
   */
  long written;
  /** The subscribers of the running delivery, in order; read by other threads. */
  private Subscriber<?>[] subscribers = Selection.NONE;
  /** The index of the subscriber the delivery is at: its gate is read, or it runs. */
  private final AtomicInteger position = new AtomicInteger();
  /**
   * The sequence whose end this thread owes, or 0; set to {@link #written} by a frame whose call
   * to {@link #end} overflowed, which then owes this delivery (see {@link ThreadState#owed}).
   */
  long owed;
  private EventIds ids;
  private EventType type;
  private String topic;
  /** The context of the event handled on this thread when this one was published, if made. */
  private EventContext parentContext;
  /** That event, if its context is not made yet. */
  private ImmediateDelivery parentDelivery;
  /** When the event was posted, if before its delivery began (to a lane); or {@code null}. */
  private Instant stamp;
  /** Its id, {@linkplain EventIds#reserve reserved} when it was posted, if {@link #stamp} is set. */
  private long reservedId;

  private EventContext context;
  int delivered;
  int filtered;
  int failed;
  int skipped;
  /** {@code null} until something fails. */
  List<HandlerFailure> failures;
  /** What escaped the delivery, for its caller to throw or fail the stage with; or {@code null}. */
  Throwable escaped;

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
    if (this.ids != ids) {
      this.ids = ids;
    }
    if (this.type != type) {
      this.type = type;
      this.topic = topic;
    } else if (this.topic != topic) {
      this.topic = topic;
    }
    if (this.parentContext != parentContext) {
      this.parentContext = parentContext;
    }
    if (this.parentDelivery != parentDelivery) {
      this.parentDelivery = parentDelivery;
    }
    if (stamp != null) {
      stamp = null;
    }
    if (context != null) {
      context = null;
    }
    reset();
  }

  /**
   * Starts the delivery of an event of {@code type} on {@code topic}, posted to a lane at {@code
   * stamp} with the id {@code reservedId} {@linkplain EventIds#reserve reserved} from {@code ids}
   * then, whose context is made with both when read; its parent is {@code parent}, the context of
   * the event whose handler posted it, or {@code null}.
   */
  void begin(
      EventIds ids,
      EventType type,
      String topic,
      EventContext parent,
      Instant stamp,
      long reservedId) {
    begin(ids, type, topic, parent, null);
    this.stamp = stamp;
    this.reservedId = reservedId;
  }

  /** Starts the delivery of an event whose context is made already. */
  void begin(EventContext context) {
    this.ids = null;
    this.type = null;
    this.topic = null;
    this.parentContext = null;
    this.parentDelivery = null;
    this.stamp = null;
    this.context = context;
    reset();
  }

  private void reset() {
    delivered = 0;
    filtered = 0;
    failed = 0;
    skipped = 0;
    if (failures != null) {
      failures = null;
    }
  }

  /**
   * Announces that a delivery of {@code bus} runs, to threads that close or drain it, at the first
   * of {@code subscribers}, with a full fence: the caller reads the bus's closed flag and the first
   * subscriber's gate after this, and moves on to the others with {@link #at}.
   */
  void announce(Lifecycle bus, Subscriber<?>[] subscribers) {
    if (this.bus != bus) {
      this.bus = bus;
    }
    if (this.subscribers != subscribers) {
      this.subscribers = subscribers;
    }
    position.setPlain(0);
    long running = ((written + 1) & ~1L) + 1;
    sequence.set(running);
    written = running;
  }

  /**
   * Announces that the delivery is over, releasing what it did to a thread that waits for it.
   * Throws, a {@link StackOverflowError} say, only before it ended anything: the caller owes it.
   */
  void end() {
    if ((written & 1) != 0) { // not running if announcing it overflowed
      long ended = written + 1;
      sequence.setRelease(ended);
      written = ended;
    }
  }

  /**
   * Drops what the finished delivery refers to of its event (its context, its parent's, the
   * failures, which hold the event and what its handlers threw), once its caller has taken what it
   * needed, so that a thread between deliveries keeps no event reachable. A field already {@code
   * null} is not written: even a {@code null} store runs G1's write barrier (measured: 0.7 ns of a
   * 17.9 ns {@code post}, with {@link #begin}'s). The bus and the subscriber array stay until the
   * thread's next delivery at this depth: rewriting them for every event is what {@link #announce}
   * avoids (a reference stored into an old object costs G1 a fence), so a closed subscription's
   * listener stays reachable from at most one delivery per nesting depth of each live thread
   * that delivered to it last.
   */
  void forget() {
    if (context != null) {
      context = null;
    }
    if (parentContext != null) {
      parentContext = null;
    }
    if (parentDelivery != null) {
      parentDelivery = null;
    }
    if (stamp != null) {
      stamp = null;
    }
    if (failures != null) {
      failures = null;
    }
  }

  /** Ends the delivery whose end was owed ({@link #owed}), if it is still the running one. */
  @Override
  public void settle() {
    if (owed != 0 && written == owed) {
      end();
    }
    owed = 0;
  }

  /** The odd sequence of a delivery of {@code bus} running now, read from another thread, or 0. */
  long runningFor(Lifecycle bus) {
    long running = sequence.getAcquire();
    return (running & 1) != 0 && this.bus == bus ? running : 0;
  }

  /**
   * Moves the delivery to the subscriber at {@code index}, with a full fence: the caller reads
   * that subscriber's gate after this. It releases what the invocations before it did to a thread
   * that waits for them.
   */
  void at(int index) {
    position.set(index);
  }

  /** Moves the delivery past its last subscriber, releasing what they did. */
  void past(int length) {
    position.setRelease(length);
  }

  /**
   * Whether the running delivery, read from another thread after {@code subscriber}'s gate was
   * closed, is at the subscriber: it may run it. One that has not reached it reads the gate,
   * closed, after the fence of {@link #at}; one past it has finished with it.
   */
  boolean isAt(Subscriber<?> subscriber) {
    long running = sequence.getAcquire();
    if ((running & 1) == 0) {
      return false;
    }
    Subscriber<?>[] all = subscribers;
    int at = position.get();
    return sequence.getAcquire() == running && at < all.length && all[at] == subscriber;
  }

  /**
   * The subscriber the running delivery is at, read by its own thread, or {@code null} past the
   * last one: the subscriber whose code (filter, handler or error callback) runs, or is about to.
   */
  Subscriber<?> current() {
    int at = position.getPlain();
    Subscriber<?>[] all = subscribers;
    return at < all.length ? all[at] : null;
  }

  /** The sequence, read from another thread. */
  long sequence() {
    return sequence.getAcquire();
  }

  /** The event's context, made now if nothing read it before. */
  @Override
  public EventContext context() {
    EventContext made = context;
    if (made == null) {
      EventContext parent = parentDelivery != null ? parentDelivery.context() : parentContext;
      made =
          stamp == null
              ? Publisher.newContext(ids, type, topic, null, null, parent)
              : Posts.context(ids.id(reservedId), stamp, type, topic, parent);
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
