package io.torematrix.eventbus.it.faults;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.it.faults.FaultEvents.Work;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A program, for {@link ClockSurvivesOutOfMemoryTest}, run with a small heap: with an open bus it
 * keeps the heap full for {@value #FULL_MILLIS} ms, so that every allocation in the process fails
 * with {@link OutOfMemoryError} (the clock's among them), frees it, and then publishes until an
 * event is stamped no earlier than the moment the memory was freed. It prints {@code fresh} when
 * one is, or {@code stale <timestamp> <freed at>} if none is within {@value #WAIT_MILLIS} ms.
 */
public final class ClockUnderMemoryPressure {
  static final long FULL_MILLIS = 300;
  static final long WAIT_MILLIS = 5_000;

  private ClockUnderMemoryPressure() {}

  public static void main(String[] args) throws Exception {
    try (EventBus bus = EventBus.builder().directExecution().build()) {
      bus.subscribe(Work.class, work -> {});
      bus.publish(new Work(0, 0)).toCompletableFuture().join();
      fillTheHeapFor(FULL_MILLIS);
      Instant freedAt = Instant.now();
      long giveUp = System.nanoTime() + WAIT_MILLIS * 1_000_000;
      Instant stamped;
      int number = 1;
      do {
        Thread.sleep(10);
        stamped =
            bus.publish(new Work(0, number++)).toCompletableFuture().join().context().timestamp();
      } while (stamped.isBefore(freedAt) && System.nanoTime() < giveUp);
      System.out.println(stamped.isBefore(freedAt) ? "stale " + stamped + " " + freedAt : "fresh");
    }
  }

  private static void fillTheHeapFor(long millis) {
    long start = System.nanoTime();
    long until = start + millis * 1_000_000;
    long giveUp = start + 10_000_000_000L;
    List<Object> hog = new ArrayList<>();
    int misses = 0;
    // full for the whole span, and at least once even if this thread was descheduled through it
    // (a loaded machine once ended the span before the first allocation)
    while ((System.nanoTime() < until || misses == 0) && System.nanoTime() < giveUp) {
      try {
        hog.add(new byte[64 * 1024]);
      } catch (OutOfMemoryError full) {
        misses++;
        try {
          hog.add(new byte[64]);
        } catch (OutOfMemoryError stillFull) {
          misses++;
        }
      }
    }
    hog.clear();
    if (misses == 0) {
      throw new IllegalStateException("the heap was never full");
    }
  }
}
