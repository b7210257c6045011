package io.torematrix.eventbus.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * The threads waiting in {@code Subscription.close()} from inside a handler, with what each runs
 * and what it waits for, across the buses of the process: the wait-for graph that tells a closer
 * when its wait can never end. Thread A, inside a handler of subscription X, closes subscription
 * Y while thread B, inside a handler of Y, closes X: each waits for the other's handler to return,
 * which it does only after the other's close. A closer that finds such a cycle, of any length,
 * stops waiting, as a close from inside the subscription's own handler does. Thread-safe.
 */
final class UnsubscribeWaits {
  /** One waiting thread: the subscribers whose code it runs, and those whose invocations it awaits. */
  private record Wait(Subscriber<?>[] running, List<Subscriber<?>> awaited) {}

  private static final Map<Thread, Wait> WAITING = new ConcurrentHashMap<>();

  private UnsubscribeWaits() {}

  /**
   * Waits until no invocation of {@code awaited} is running, those counted at their gates and
   * those other threads announced on the fast path ({@link ThreadState#awaitNotInvoking}) alike,
   * or until waiting would close a cycle with other waiting closers. {@code running} are the
   * subscribers whose code runs on the calling thread; with none, no cycle can pass through it
   * and it simply waits.
   */
  static void await(Subscriber<?>[] running, List<Subscriber<?>> awaited) {
    if (running.length == 0) {
      await(awaited, () -> false);
      return;
    }
    Thread self = Thread.currentThread();
    WAITING.put(self, new Wait(running, awaited));
    try {
      await(awaited, () -> deadlocked(self));
    } finally {
      WAITING.remove(self);
    }
  }

  private static void await(List<Subscriber<?>> awaited, BooleanSupplier giveUp) {
    for (Subscriber<?> subscriber : awaited) {
      if (!subscriber.awaitInvocations(giveUp)) {
        return;
      }
    }
    ThreadState.awaitNotInvoking(awaited, giveUp);
  }

  /**
   * Whether the invocations {@code self} awaits run on threads that wait, directly or through
   * others, for an invocation that runs on {@code self}.
   */
  private static boolean deadlocked(Thread self) {
    Wait mine = WAITING.get(self);
    Set<Subscriber<?>> reached = new HashSet<>();
    Deque<Subscriber<?>> toVisit = new ArrayDeque<>(mine.awaited());
    while (!toVisit.isEmpty()) {
      Subscriber<?> awaited = toVisit.poll();
      if (!reached.add(awaited)) {
        continue;
      }
      for (Map.Entry<Thread, Wait> other : WAITING.entrySet()) {
        if (other.getKey() == self || !runs(other.getValue(), awaited)) {
          continue;
        }
        for (Subscriber<?> next : other.getValue().awaited()) {
          if (runs(mine, next)) {
            return true;
          }
          toVisit.add(next);
        }
      }
    }
    return false;
  }

  private static boolean runs(Wait wait, Subscriber<?> subscriber) {
    for (Subscriber<?> running : wait.running()) {
      if (running == subscriber) {
        return true;
      }
    }
    return false;
  }
}
