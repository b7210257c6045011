package io.torematrix.eventbus.it.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventBusMetrics;
import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.EventStores;
import io.torematrix.eventbus.LaneMetrics;
import io.torematrix.eventbus.PublishResult;
import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.annotation.Priority;
import io.torematrix.eventbus.it.faults.FaultEvents.Level;
import io.torematrix.eventbus.it.faults.FaultEvents.Node;
import io.torematrix.eventbus.spi.EventStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 11, kind 1: an {@code Error} thrown outside handler code is a failure like any other. The
 * publish stage fails with it, nothing stays counted in flight or reserved on a lane, and the bus
 * carries on.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ErrorsAreFailuresTest {

  @Test
  void anErrorThrownByMiddlewareFailsThePublishStageAndLeavesNothingInFlight() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    AssertionError boom = new AssertionError("boom");
    AtomicInteger delivered = new AtomicInteger();
    try (EventBus bus =
        EventBus.builder()
            .closeTimeout(Duration.ofSeconds(5))
            .middleware(
                chain -> {
                  if (calls.getAndIncrement() == 0) {
                    throw boom;
                  }
                  return chain.proceed();
                })
            .build()) {
      bus.subscribe(Level.class, level -> delivered.incrementAndGet());

      CompletableFuture<PublishResult> failed = bus.publish(new Level(1)).toCompletableFuture();

      ExecutionException e = assertThrows(ExecutionException.class, () -> failed.get(5, TimeUnit.SECONDS));
      assertSame(boom, e.getCause());
      assertEquals(0, bus.metrics().inFlight());
      assertTrue(bus.drain(Duration.ZERO), "nothing is left in flight");
      assertEquals(1, bus.publish(new Level(2)).toCompletableFuture().get(5, TimeUnit.SECONDS).delivered());
      assertEquals(1, delivered.get(), "the refused event reached no handler");
    }
  }

  @Test
  void aStackOverflowWhileEncodingForTheStoreFailsThePublishStageAndStoresNothing() throws Exception {
    EventStore store = EventStores.inMemory();
    AtomicInteger delivered = new AtomicInteger();
    try (EventBus bus = EventBus.builder().store(store).build()) {
      bus.subscribe(Node.class, node -> delivered.incrementAndGet());
      bus.subscribe(
          Node.class,
          node -> delivered.incrementAndGet(),
          SubscribeOptions.defaults().priority(Priority.DEFERRED));

      CompletableFuture<PublishResult> deep =
          bus.publish(Node.chain(200_000)).toCompletableFuture();

      ExecutionException e = assertThrows(ExecutionException.class, () -> deep.get(10, TimeUnit.SECONDS));
      assertTrue(
          e.getCause() instanceof StackOverflowError
              || e.getCause().getMessage().contains("deep"),
          "the stage fails with what the codec threw: " + e.getCause());
      assertNothingHeld(bus);
      assertEquals(0, store.read(EventQuery.all()).size(), "nothing was stored");
      assertEquals(0, delivered.get(), "no handler saw the event");

      assertEquals(1, bus.publish(Node.chain(3)).toCompletableFuture().get(5, TimeUnit.SECONDS).delivered());
      assertTrue(bus.drain(Duration.ofSeconds(5)));
      assertEquals(1, store.read(EventQuery.all()).size());
      assertEquals(2, delivered.get());
    }
  }

  @Test
  void reentrantImmediatePublishingTenThousandDeepLeavesNothingInFlight() throws Exception {
    assertDeepPublishingLeavesNothingHeld(EventBus.builder(), Priority.IMMEDIATE, null);
  }

  @Test
  void reentrantPublishingOfAnEventWithNormalAndDeferredHandlersLeavesNothingHeld()
      throws Exception {
    assertDeepPublishingLeavesNothingHeld(
        EventBus.builder().queueCapacity(100_000), Priority.IMMEDIATE, Priority.NORMAL);
    assertDeepPublishingLeavesNothingHeld(
        EventBus.builder().queueCapacity(100_000), Priority.IMMEDIATE, Priority.DEFERRED);
  }

  @Test
  void reentrantPublishingThroughMiddlewareLeavesNothingHeld() throws Exception {
    assertDeepPublishingLeavesNothingHeld(
        EventBus.builder().middleware(chain -> chain.proceed()), Priority.IMMEDIATE, null);
  }

  @Test
  void reentrantPublishingWithDirectExecutionLeavesNothingHeld() throws Exception {
    assertDeepPublishingLeavesNothingHeld(
        EventBus.builder().directExecution().queueCapacity(100_000), Priority.NORMAL, null);
    assertDeepPublishingLeavesNothingHeld(
        EventBus.builder().directExecution().queueCapacity(100_000),
        Priority.DEFERRED,
        Priority.NORMAL);
  }

  @Test
  void aFirstPublishThatOverflowsInAFreshJvmLeavesTheBusUsable() throws Exception {
    for (String mode : List.of("-Xmixed", "-Xint")) {
      for (String stackKib : List.of("160", "400")) {
        assertSweepLeavesNothing(mode, stackKib, "1", "normal");
      }
    }
  }

  /**
   * An overflow must leave the bus usable wherever in the publish cycle it lands: in a fresh JVM,
   * the first publish of an event whose handlers are all {@code IMMEDIATE} overflowed while
   * initialising {@code ThreadLocalRandom} (the handler timings' sampling), which left that class,
   * and so every later publish, failing for the life of the JVM. The stack sizes of {@link
   * DeepPublishSweep} move the overflow through the whole publish cycle, one run after another.
   */
  @Test
  void aDeepPublishOverflowingAnywhereInItsCycleLeavesNothingRunning() throws Exception {
    for (String mode : List.of("-Xint", "-Xmixed")) {
      assertSweepLeavesNothing(mode, "64", "96");
    }
  }

  /**
   * Posting (through the {@code NORMAL} lane's ring) from every depth of a used-up stack, the
   * first post of a fresh JVM included (where the ring is made and its classes initialised), must
   * leave the bus idle, every accepted post delivered once, and later posts working.
   */
  @Test
  void postsOverflowingAnywhereInTheirCycleLeaveNothingBehind() throws Exception {
    for (String mode : List.of("-Xint", "-Xmixed")) {
      for (String kib : List.of("256", "400")) {
        List<String> out = runChild(mode, DeepPostSweep.class.getName(), kib);
        assertEquals(
            List.of(),
            out.stream().filter(line -> line.startsWith("left behind")).toList(),
            mode + " " + kib + " KiB: " + out);
        assertTrue(out.stream().anyMatch(line -> line.startsWith("done ")), mode + ": " + out);
      }
    }
  }

  /** Runs {@link DeepPublishSweep} in a child JVM in {@code mode} with {@code args}. */
  private static void assertSweepLeavesNothing(String mode, String... args) throws Exception {
    List<String> out = runChild(mode, DeepPublishSweep.class.getName(), args);
    List<String> verdicts =
        out.stream()
            .filter(line -> line.startsWith("runs ") || line.startsWith("left behind "))
            .toList();
    String failed =
        out.stream().filter(line -> line.startsWith("Exception in thread")).findFirst().orElse("");
    assertEquals(
        List.of("runs " + args[1]), verdicts, mode + " " + String.join(" ", args) + ": " + failed);
  }

  private static List<String> runChild(String mode, String main, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add(mode);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main);
    command.addAll(List.of(args));
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        lines.add(line);
      }
      assertTrue(child.waitFor(60, TimeUnit.SECONDS));
    } finally {
      child.destroyForcibly();
    }
    return lines;
  }

  /**
   * A handler at {@code level} publishes the next {@link Level} until 10,000, on threads with
   * stacks from 64 KiB up, so that the stack overflows at a different place in each run; with a
   * second, idle subscriber at {@code alongside} if it is not {@code null}. After each run nothing
   * is held, and the bus delivers the next event.
   */
  private static void assertDeepPublishingLeavesNothingHeld(
      io.torematrix.eventbus.EventBusBuilder builder, Priority level, Priority alongside)
      throws Exception {
    for (int run = 0; run < 48; run++) {
      long stackBytes = (64 + 8L * run) * 1024;
      AtomicInteger overflows = new AtomicInteger();
      try (EventBus bus =
          builder
              .closeTimeout(Duration.ofSeconds(5))
              .errorHandler(
                  failure -> {
                    if (failure.error() instanceof StackOverflowError) {
                      overflows.incrementAndGet();
                    }
                  })
              .build()) {
        AtomicInteger deepest = new AtomicInteger();
        bus.subscribe(
            Level.class,
            next -> {
              deepest.accumulateAndGet(next.depth(), Math::max);
              if (next.depth() < 10_000) {
                bus.publish(new Level(next.depth() + 1));
              }
            },
            SubscribeOptions.defaults().priority(level));
        if (alongside != null) {
          bus.subscribe(Level.class, next -> {}, SubscribeOptions.defaults().priority(alongside));
        }
        bus.publish(new Level(10_000)).toCompletableFuture().join();
        assertTrue(bus.drain(Duration.ofSeconds(10)));
        deepest.set(0);

        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread publisher =
            new Thread(
                null,
                () -> {
                  try {
                    outcome.set(bus.publish(new Level(1)).toCompletableFuture().join());
                  } catch (Throwable t) {
                    outcome.set(t);
                  }
                },
                "deep-publisher",
                stackBytes);
        publisher.start();
        publisher.join(60_000);

        String what = "run " + run + " (" + stackBytes / 1024 + " KiB, reached " + deepest + ")";
        assertTrue(
            outcome.get() instanceof PublishResult || outcome.get() instanceof StackOverflowError,
            what + ": " + outcome.get());
        assertNothingHeld(bus, what);
        assertEquals(
            alongside == null ? 1 : 2,
            bus.publish(new Level(10_000)).toCompletableFuture().join().delivered()
                + bus.publish(new Level(10_000)).toCompletableFuture().join().deferred(),
            what + ": the bus delivers the next event");
      }
    }
  }

  private static void assertNothingHeld(EventBus bus) throws InterruptedException {
    assertNothingHeld(bus, "");
  }

  private static void assertNothingHeld(EventBus bus, String what) throws InterruptedException {
    assertTrue(bus.drain(Duration.ofSeconds(5)), what + ": the bus went idle: " + bus.metrics());
    EventBusMetrics metrics = bus.metrics();
    assertEquals(0, metrics.inFlight(), what + ": in flight");
    for (LaneMetrics lane : metrics.lanes()) {
      assertEquals(0, lane.depth(), what + ": " + lane.priority() + " depth");
    }
  }
}
