package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.EventContext;
import java.util.Arrays;

/**
 * What one thread is doing for the buses of the process; only that thread reads or writes it, so
 * its fields are plain. It holds:
 *
 * <ul>
 *   <li>the context of the event whose handler runs on the thread, from which events it publishes
 *       take their correlation and causation ids;
 *   <li>the subscribers whose handler, filter or error callback runs on the thread, innermost
 *       last, so that a subscription closed from inside its own code does not wait for itself;
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
 */
final class ThreadState {
  private static final ThreadLocal<ThreadState> STATE = ThreadLocal.withInitial(ThreadState::new);

  /**
   * The context of the innermost handler running on this thread, or {@code null}: when {@link
   * #handling} is set, that delivery's instead.
   */
  EventContext context;

  /**
   * The synchronous delivery whose handler runs innermost on this thread, whose context may not
   * be made yet, or {@code null}: then {@link #context} is the current context.
   */
  ImmediateDelivery handling;

  /** Synchronous deliveries, one per depth of nesting, reused; the first {@code immediates} run. */
  private ImmediateDelivery[] deliveries = new ImmediateDelivery[4];

  int immediates;

  /** Subscribers being invoked, innermost last; the first {@code invocations} are valid. */
  private Subscriber<?>[] invoking = new Subscriber<?>[4];

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

  /** The context of the event whose handler runs innermost on this thread, or {@code null}. */
  EventContext currentContext() {
    return handling != null ? handling.context() : context;
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
   * Notes that {@code subscriber}'s code is about to run on this thread; undone by {@code
   * invocations--}. If it overflows, nothing was noted.
   */
  void beginInvocation(Subscriber<?> subscriber) {
    if (invocations == invoking.length) {
      invoking = Arrays.copyOf(invoking, 2 * invoking.length);
    }
    invoking[invocations] = subscriber;
    invocations++;
  }

  /** Whether code of {@code subscriber} runs on this thread, at any depth. */
  boolean invokes(Subscriber<?> subscriber) {
    for (int i = 0; i < invocations; i++) {
      if (invoking[i] == subscriber) {
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
