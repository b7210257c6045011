package io.torematrix.eventbus.it.faults;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.annotation.Priority;
import io.torematrix.eventbus.it.faults.FaultEvents.Level;
import java.time.Duration;

/**
 * A program whose first publish, in a fresh JVM, is a chain of handlers each publishing the next
 * of 10,000 levels, on a thread with a small stack: it overflows wherever it first needs a class,
 * for {@link ErrorsAreFailuresTest}. It prints what is left in flight, and whether the bus still
 * delivers an event.
 */
public final class DeepFirstPublish {
  private DeepFirstPublish() {}

  public static void main(String[] args) throws Exception {
    try (EventBus bus = EventBus.builder().closeTimeout(Duration.ofSeconds(5)).build()) {
      bus.subscribe(
          Level.class,
          level -> {
            if (level.depth() < 10_000) {
              bus.publish(new Level(level.depth() + 1));
            }
          },
          SubscribeOptions.defaults().priority(Priority.IMMEDIATE));
      bus.subscribe(Level.class, level -> {});
      Thread deep =
          new Thread(
              null,
              () -> {
                try {
                  bus.publish(new Level(1));
                } catch (Throwable overflowed) {
                  System.out.println("publish threw " + overflowed);
                }
              },
              "deep",
              Long.parseLong(args[0]) * 1024);
      deep.start();
      deep.join();
      System.out.println("idle " + bus.drain(Duration.ofSeconds(10)));
      System.out.println("in flight " + bus.metrics().inFlight());
      System.out.println(
          "next delivered "
              + bus.publish(new Level(10_000)).toCompletableFuture().join().delivered());
    }
  }
}
