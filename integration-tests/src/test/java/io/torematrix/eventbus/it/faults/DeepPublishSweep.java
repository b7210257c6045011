package io.torematrix.eventbus.it.faults;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.annotation.Priority;
import io.torematrix.eventbus.it.faults.FaultEvents.Level;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A program, for {@link ErrorsAreFailuresTest}, that runs a chain of {@code IMMEDIATE} handlers
 * each publishing the next of 10,000 levels, in a fresh JVM, on threads whose stacks grow by 4 KiB
 * from run to run, so that the stack overflows at one point of the publish cycle after another
 * (in the interpreter, {@code -Xint}, frames are laid out the same every time), the first run
 * wherever the JVM first needs a class. With {@code normal}, each level also has an idle {@code
 * NORMAL} subscriber, which takes publishing off the synchronous fast path. After each run the
 * bus must be idle, nothing in flight, and it must deliver the next event; it prints a line for
 * each run that is not so, then "runs N".
 *
 * <p>Arguments: the first stack size in KiB, the number of runs, and optionally {@code normal}.
 */
public final class DeepPublishSweep {
  private DeepPublishSweep() {}

  public static void main(String[] args) throws Exception {
    long firstKib = Long.parseLong(args[0]);
    int runs = Integer.parseInt(args[1]);
    boolean normal = args.length > 2 && args[2].equals("normal");
    try (EventBus bus = EventBus.builder().closeTimeout(Duration.ofSeconds(5)).build()) {
      AtomicInteger deepest = new AtomicInteger();
      bus.subscribe(
          Level.class,
          level -> {
            deepest.accumulateAndGet(level.depth(), Math::max);
            if (level.depth() < 10_000) {
              bus.publish(new Level(level.depth() + 1));
            }
          },
          SubscribeOptions.defaults().priority(Priority.IMMEDIATE));
      if (normal) {
        bus.subscribe(Level.class, level -> {});
      }
      int subscribers = normal ? 2 : 1;
      for (int run = 0; run < runs; run++) {
        long stackKib = firstKib + 4L * run;
        deepest.set(0);
        Thread deep =
            new Thread(
                null,
                () -> {
                  try {
                    bus.publish(new Level(1));
                  } catch (Throwable overflowed) {
                    // a publish that overflows may throw: what is checked is what it left
                  }
                },
                "deep",
                stackKib * 1024);
        deep.start();
        deep.join();
        boolean idle = bus.drain(Duration.ofSeconds(10));
        long inFlight = bus.metrics().inFlight();
        int next = bus.publish(new Level(10_000)).toCompletableFuture().join().delivered();
        if (!idle || inFlight != 0 || next != subscribers) {
          System.out.println(
              "left behind at "
                  + stackKib
                  + " KiB (reached "
                  + deepest
                  + "): idle "
                  + idle
                  + ", in flight "
                  + inFlight
                  + ", next delivered "
                  + next
                  + " of "
                  + subscribers);
        }
      }
      System.out.println("runs " + runs);
    }
  }
}
