package io.torematrix.eventbus.it.faults;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.it.faults.FaultEvents.Work;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A program, for {@link ErrorsAreFailuresTest}, that posts from every depth of a thread whose
 * stack was used up, in a fresh JVM: a recursion dives until the stack overflows, then posts once
 * from each frame on the way back, so that the first posts overflow at one point of {@code post}
 * after another, the very first post of the JVM included (where the lane's ring is made and its
 * classes first initialised). The events have one {@code NORMAL} synchronous subscriber, so they
 * go through the lane's ring. Afterwards the bus must be idle, nothing in flight, every post that
 * returned delivered once, and a further post from a fresh stack delivered; it prints what is not
 * so, then "done".
 *
 * <p>Arguments: the stack size of the diving thread in KiB.
 */
public final class DeepPostSweep {
  private DeepPostSweep() {}

  static EventBus bus;
  static final AtomicLong accepted = new AtomicLong();
  static final AtomicLong refused = new AtomicLong();
  static volatile Throwable firstRefusal;
  static final java.util.Set<String> kinds = java.util.concurrent.ConcurrentHashMap.newKeySet();

  static void dive(int depth) {
    try {
      dive(depth + 1);
    } catch (StackOverflowError deepest) {
      // from here on the way back
    }
    try {
      bus.post(new Work(0, depth));
      accepted.incrementAndGet();
    } catch (Throwable notPosted) {
      refused.incrementAndGet();
      kinds.add(String.valueOf(notPosted));
      if (firstRefusal == null && !(notPosted instanceof StackOverflowError)) {
        firstRefusal = notPosted;
      }
    }
  }

  public static void main(String[] args) throws Exception {
    long stackKib = Long.parseLong(args[0]);
    try (EventBus built =
        EventBus.builder()
            .closeTimeout(Duration.ofSeconds(5))
            .queueCapacity(1 << 16)
            .build()) {
      bus = built;
      AtomicInteger delivered = new AtomicInteger();
      bus.subscribe(Work.class, work -> delivered.incrementAndGet());
      Thread deep = new Thread(null, () -> dive(0), "deep", stackKib * 1024);
      deep.start();
      deep.join();
      boolean idle = bus.drain(Duration.ofSeconds(10));
      long inFlight = bus.metrics().inFlight();
      String after;
      try {
        bus.post(new Work(1, 0));
        after = bus.drain(Duration.ofSeconds(10)) ? "delivered" : "not idle";
      } catch (Throwable failed) {
        after = failed.toString();
      }
      long expected = accepted.get() + ("delivered".equals(after) ? 1 : 0);
      if (!idle || inFlight != 0 || delivered.get() != expected || !"delivered".equals(after)) {
        System.out.println(
            "left behind at "
                + stackKib
                + " KiB: idle "
                + idle
                + ", in flight "
                + inFlight
                + ", accepted "
                + accepted
                + ", refused "
                + refused
                + ", delivered "
                + delivered
                + ", a later post: "
                + after
                + ", first non-overflow refusal: "
                + firstRefusal);
      }
      System.out.println("refusals " + kinds);
      System.out.println("done accepted " + accepted + " refused " + refused);
    }
  }
}
