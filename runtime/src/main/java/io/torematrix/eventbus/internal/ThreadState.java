package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.EventContext;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * What one thread is doing for the buses of the process; only that thread writes it, so its
 * fields are plain, and other threads read only what a synchronous delivery announces (below). It
 * holds:
 *
 * <ul>
 *   <li>the context of the event whose handler runs on the thread, from which events it publishes
 *       take their correlation and causation ids;
 *   <li>the subscribers whose handler, filter or error callback runs on the thread, innermost
 *       last, so that a subscription closed from inside its own code does not wait for itself
 *       (those a synchronous delivery runs are given by its position instead, so that moving
 *       from one to the next writes nothing more);
 *   <li>the lanes the thread holds room on (it runs one of their deliveries, or the {@code
 *       IMMEDIATE} handlers of an event that reserved room there), and the lane whose only thread
 *       it is, so that it never waits for room that only it could free;
 *   <li>the releases a {@link StackOverflowError} kept it from making.
 * </ul>
 *
 * <h2>Releasing on a thread out of stack</h2>
 *
 * A {@code StackOverflowError} is thrown where a method is entered with too little stack left. The
 * frame that catches it has hardly more, so a method called from its {@code catch} or {@code
 * finally} block overflows again, and a count released there stays taken for ever. A frame that
 * must release something therefore first makes room to owe it, with {@link #hold()}, before it
 * takes it (an overflow there takes nothing), and releases it with code that calls nothing if the
 * release overflows:
 *
 * <pre>{@code
 * try {
 *   release.settle();
 * } catch (StackOverflowError tooDeep) {
 *   thread.owed[thread.owing++] = release;
 * }
 * thread.held--;
 * }</pre>
 *
 * The next frame of this thread that calls {@link #hold()} or {@link #trySettle()}, further out
 * or later, makes the owed releases; each frame that held something tries on its way out.
 *
 * <h2>Synchronous deliveries, seen from other threads</h2>
 *
 * The fast path of an event whose handlers are all {@code IMMEDIATE} and synchronous counts
 * nothing in a shared counter: a thread that runs one {@linkplain #register() registers} its
 * state once, and announces the delivery in its own {@link ImmediateDelivery} (the bus, the
 * subscribers, an odd sequence while it runs, and the subscriber it is at), each with a full fence
 * before it looks at the bus's closed flag or the subscriber's gate: a fence on memory of its own,
 * cheaper than an atomic on a line other threads write. A thread that closes a bus,
 * drains it or unsubscribes first writes its flag or closes the gate, then {@linkplain
 * #awaitDeliveries reads these announcements}: so either the delivering thread sees the change,
 * or the waiting thread sees the delivery and waits for it.
 */
final class ThreadState {
  private static final ThreadLocal<ThreadState> STATE = ThreadLocal.withInitial(ThreadState::new);
  /** How often a waiter spins, then yields, before it sleeps between looks at a delivery. */
  private static final int SPINS = 100;

  private static final int YIELDS = 20;

  /** How long a waiter sleeps between looks at another thread's announcements. */
  private static final long RECHECK_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

  /**
   * The states that have announced synchronous deliveries, while their thread lives: each is held
   * weakly, as its thread's {@link #STATE} holds it strongly until the thread ends, so that the
   * state of a thread that ended, and what its last deliveries still refer to (their bus, their
   * subscribers and so their listeners), is not kept reachable from here.
   */
  private static final List<Registered> REGISTERED = new ArrayList<>();

  private static final ReferenceQueue<ThreadState> GONE = new ReferenceQueue<>();

  /** A registered state, dropped once its thread ended and the state was collected. */
  private static final class Registered extends WeakReference<ThreadState> {
    Registered(ThreadState state) {
      super(state, GONE);
    }
  }

  private boolean registered;

  /** Events to deliver synchronously before the next one whose handlers are timed, if sampled. */
  int untilSample = 32;

  /**
   * The event types this thread last looked a class up in ({@link #typeOf}), that class and its
   * type: publishing one type of event over and over, as most threads do, then costs two
   * comparisons instead of a hash lookup (a quarter of a {@code post}'s time, measured with JFR).
   * Written by this thread alone, when it publishes another class or to another bus (one that
   * refuses the class leaves them as they were). They keep the event types of the last bus this
   * thread published to reachable until then or until the thread ends; a bus drops its routes as
   * it closes ({@link SubscriberRegistry#close}), so no listener stays reachable through them.
   */
  private EventTypes lastTypes;

  private Class<?> lastClass;
  private EventType lastType;

  /** This thread's counts of the types it delivered synchronously, the last one first. */
  private TypeMetrics lastMetrics;

  private TypeMetrics.Local lastLocal;
  private WeakHashMap<TypeMetrics, TypeMetrics.Local> locals;

  /**
   * The context of the innermost handler running on this thread, or {@code null}: when {@link
   * #handlingDepth} is not 0, that delivery's instead.
   */
  EventContext context;

  /**
   * Which synchronous delivery runs the innermost handler on this thread, whose context may not be
   * made yet: the one at depth {@code handlingDepth} (see {@link #handling()}), or none if 0: then
   * {@link #context} is the current context. A depth rather than a reference, so that entering and
   * leaving a delivery's handlers writes no reference: a reference stored into a long-lived object
   * may cost the collector's write barrier a full fence (G1's does, for one into an old region).
   */
  int handlingDepth;

  /** Synchronous deliveries, one per depth of nesting, reused; the first {@code immediates} run. */
  private ImmediateDelivery[] deliveries = new ImmediateDelivery[4];

  int immediates;

  /**
   * Subscribers invoked through their gates, innermost last; the first {@code invocations} are
   * valid. Those of synchronous deliveries are not noted here: each delivery's position says
   * which one it is at.
   */
  Subscriber<?>[] invoking = new Subscriber<?>[4];

  int invocations;

  /** Lanes this thread holds room on, innermost last; the first {@code holds} are valid. */
  private Lane[] holding = new Lane[4];

  int holds;

  /** The lane this thread alone serves, or {@code null}: a bus's {@code DEFERRED} thread. */
  Lane serves;

  /** Releases owed; the first {@code owing} are valid. */
  Owed[] owed = new Owed[8];

  int owing;

  /** Releases that frames of this thread hold room to owe. */
  int held;

  /** Whether owed releases are being made: code they call back into must not make them again. */
  private boolean settling;

  private ThreadState() {}

  /** The state of the calling thread. */
  static ThreadState get() {
    return STATE.get();
  }

  /**
   * Makes this state visible to threads that wait for synchronous deliveries; once per thread.
   */
  void register() {
    if (!registered) {
      synchronized (REGISTERED) {
        dropGone();
        REGISTERED.add(new Registered(this));
      }
      registered = true;
    }
  }

  private static void dropGone() {
    if (GONE.poll() != null) {
      while (GONE.poll() != null) {
        // drained; the cleared entries are removed below
      }
      REGISTERED.removeIf(registered -> registered.get() == null);
    }
  }

  /** The registered states of other threads than the caller's. */
  private static ThreadState[] others() {
    ThreadState self = get();
    List<ThreadState> others = new ArrayList<>();
    synchronized (REGISTERED) {
      dropGone();
      for (Registered registered : REGISTERED) {
        ThreadState state = registered.get();
        if (state != null && state != self) {
          others.add(state);
        }
      }
    }
    return others.toArray(new ThreadState[0]);
  }

  /**
   * The event type of {@code type} in {@code types}, remembered for the next call.
   *
   * @throws IllegalArgumentException as {@link EventTypes#require} does; what was remembered
   *     stays
   */
  EventType typeOf(Class<?> type, EventTypes types) {
    if (lastClass == type && lastTypes == types) {
      return lastType;
    }
    EventType eventType = types.require(type);
    if (lastTypes != types) {
      lastTypes = types;
    }
    lastClass = type;
    lastType = eventType;
    return eventType;
  }

  /** This thread's counts of {@code metrics}' type, made and registered there the first time. */
  TypeMetrics.Local countsOf(TypeMetrics metrics) {
    if (lastMetrics == metrics) {
      return lastLocal;
    }
    if (locals == null) {
      locals = new WeakHashMap<>();
    }
    TypeMetrics.Local local = locals.get(metrics);
    if (local == null) {
      local = metrics.newLocal();
      locals.put(metrics, local);
    }
    lastMetrics = metrics;
    lastLocal = local;
    return local;
  }

  /**
   * Waits until no other thread runs a synchronous delivery of {@code bus} that it announced
   * before this call, or {@code deadline} passes.
   *
   * @return {@code false} if the deadline passed first
   * @throws InterruptedException if interrupted while waiting
   */
  static boolean awaitDeliveries(Lifecycle bus, Deadline deadline) throws InterruptedException {
    for (ThreadState other : others()) {
      for (ImmediateDelivery frame : other.deliveries) {
        if (frame == null) {
          continue;
        }
        long running = frame.runningFor(bus);
        for (int tries = 0; running != 0 && frame.sequence() == running; tries++) {
          if (deadline.remainingNanos() <= 0) {
            return false;
          }
          if (Thread.interrupted()) {
            throw new InterruptedException();
          }
          pause(tries);
        }
      }
    }
    return true;
  }

  /**
   * Waits a little before looking at another thread's delivery again: a synchronous handler
   * usually takes well under a microsecond, so first spins, then yields, then sleeps.
   */
  private static void pause(int tries) {
    if (tries < SPINS) {
      Thread.onSpinWait();
    } else if (tries < SPINS + YIELDS) {
      Thread.yield();
    } else {
      LockSupport.parkNanos(RECHECK_NANOS);
    }
  }

  /** Whether another thread runs a synchronous delivery of {@code bus}; does not wait. */
  static boolean deliversNow(Lifecycle bus) {
    for (ThreadState other : others()) {
      for (ImmediateDelivery frame : other.deliveries) {
        if (frame != null && frame.runningFor(bus) != 0) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Waits until no other thread runs code of {@code subscribers}, whose gates are closed, in a
   * synchronous delivery: one at such a subscriber is waited for until it moves on; one that has
   * not reached it reads its gate, closed, and skips it. Gives up when {@code giveUp}, asked each
   * time the waiter has slept between looks, says the wait can never end (the delivery it awaits
   * waits, in a close of its own, for the waiter: see {@link UnsubscribeWaits}). Not
   * interruptible: an interrupt is kept in the thread's status for the caller.
   */
  static void awaitNotInvoking(List<Subscriber<?>> subscribers, BooleanSupplier giveUp) {
    boolean interrupted = false;
    search:
    for (ThreadState other : others()) {
      for (ImmediateDelivery frame : other.deliveries) {
        for (Subscriber<?> subscriber : subscribers) {
          for (int tries = 0; frame != null && frame.isAt(subscriber); tries++) {
            if (tries >= SPINS + YIELDS && giveUp.getAsBoolean()) {
              break search;
            }
            pause(tries);
            interrupted |= Thread.interrupted();
          }
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** The context of the event whose handler runs innermost on this thread, or {@code null}. */
  EventContext currentContext() {
    return handlingDepth != 0 ? deliveries[handlingDepth - 1].context() : context;
  }

  /** The synchronous delivery whose handler runs innermost on this thread, or {@code null}. */
  ImmediateDelivery handling() {
    return handlingDepth != 0 ? deliveries[handlingDepth - 1] : null;
  }

  /**
   * {@link #hold() Holds} room to owe one release and {@linkplain #beginImmediate begins} one more
   * nested synchronous delivery; undone by {@code immediates--} and {@code held--}. If either
   * overflows, nothing was taken.
   */
  ImmediateDelivery holdImmediate() {
    hold();
    try {
      return beginImmediate();
    } catch (Throwable notStarted) {
      held--;
      throw notStarted;
    }
  }

  /**
   * The delivery of one more nested synchronous publish, reused from earlier ones; undone by
   * {@code immediates--}. If it overflows, nothing was taken.
   */
  ImmediateDelivery beginImmediate() {
    if (immediates == deliveries.length) {
      deliveries = Arrays.copyOf(deliveries, 2 * deliveries.length);
    }
    ImmediateDelivery delivery = deliveries[immediates];
    if (delivery == null) {
      delivery = new ImmediateDelivery();
      deliveries[immediates] = delivery;
    }
    immediates++;
    return delivery;
  }

  /**
   * Makes room to owe one more release, after making the releases owed, if there is stack for
   * them. Call it before taking what will be released: if it overflows, nothing was taken.
   */
  void hold() {
    hold(1);
  }

  /** Makes room to owe {@code count} more releases; see {@link #hold()}. */
  void hold(int count) {
    if (owing != 0) {
      trySettle();
    }
    int needed = owing + held + count;
    if (needed > owed.length) {
      owed = Arrays.copyOf(owed, Math.max(needed, 2 * owed.length));
    }
    held += count;
  }

  /**
   * Makes the owed releases, if any, as far as the stack allows: what a frame that held something
   * calls on its way out. Throws nothing.
   */
  void leaving() {
    if (owing != 0) {
      try {
        trySettle();
      } catch (StackOverflowError tooDeep) {
        // a frame further out tries again
      }
    }
  }

  /**
   * Makes the owed releases, innermost first, as far as the stack allows. A release being made
   * counts as held, so that what it owes in turn finds room, and is made next. Does nothing when
   * called back from code a release runs, such as a dependant of a publish stage that publishes.
   */
  void trySettle() {
    if (settling) {
      return;
    }
    settling = true;
    try {
      while (owing > 0) {
        Owed release = owed[--owing];
        owed[owing] = null;
        held++;
        try {
          release.settle();
        } catch (StackOverflowError stillTooDeep) {
          owed[owing++] = release;
          held--;
          return;
        }
        held--;
      }
    } finally {
      settling = false;
    }
  }

  /**
   * Notes that {@code subscriber}'s code is about to run on this thread, and holds room to owe
   * its gate's release; undone by {@link #endInvocation}. If it overflows, nothing was noted.
   */
  void beginInvocation(Subscriber<?> subscriber) {
    if (invocations == invoking.length) {
      invoking = Arrays.copyOf(invoking, 2 * invoking.length);
    }
    hold();
    invoking[invocations] = subscriber;
    invocations++;
  }

  /**
   * Undoes the last {@link #beginInvocation}: forgets its subscriber (clearing the slot, so that
   * a thread does not keep a closed listener reachable) and gives back the room it held.
   */
  void endInvocation() {
    invoking[--invocations] = null;
    held--;
  }

  /**
   * The subscribers whose code runs on this thread: those that passed their gates, then those the
   * synchronous deliveries running here are at, outermost first; a copy ({@link Selection#NONE},
   * allocating nothing, when no handler runs here).
   */
  Subscriber<?>[] invoking() {
    if (invocations == 0 && immediates == 0) {
      return Selection.NONE;
    }
    Subscriber<?>[] running = Arrays.copyOf(invoking, invocations + immediates);
    int count = invocations;
    for (int i = 0; i < immediates; i++) {
      Subscriber<?> current = deliveries[i].current();
      if (current != null) {
        running[count++] = current;
      }
    }
    return count == running.length ? running : Arrays.copyOf(running, count);
  }

  /**
   * Whether code of {@code subscriber} runs on this thread, at any depth: through its gate, or in
   * a synchronous delivery at it.
   */
  boolean invokes(Subscriber<?> subscriber) {
    for (int i = 0; i < invocations; i++) {
      if (invoking[i] == subscriber) {
        return true;
      }
    }
    for (int i = 0; i < immediates; i++) {
      if (deliveries[i].current() == subscriber) {
        return true;
      }
    }
    return false;
  }

  /**
   * Notes that this thread holds room on {@code lane}; undone by {@code holds--}. If it
   * overflows, nothing was noted.
   */
  void beginHolding(Lane lane) {
    if (holds == holding.length) {
      holding = Arrays.copyOf(holding, 2 * holding.length);
    }
    holding[holds] = lane;
    holds++;
  }

  /**
   * Whether waiting for room on {@code lane} could only end when this thread gives up room it
   * holds there, or runs a task it alone runs.
   */
  boolean cannotWaitFor(Lane lane) {
    if (serves == lane) {
      return true;
    }
    for (int i = 0; i < holds; i++) {
      if (holding[i] == lane) {
        return true;
      }
    }
    return false;
  }
}
