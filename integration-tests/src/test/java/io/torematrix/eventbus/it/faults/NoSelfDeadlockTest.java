package io.torematrix.eventbus.it.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.BackpressurePolicy;
import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.PublishResult;
import io.torematrix.eventbus.QueueFullException;
import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.annotation.Priority;
import io.torematrix.eventbus.it.faults.FaultEvents.Level;
import io.torematrix.eventbus.it.faults.FaultEvents.Work;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 11, kind 7: a publish never waits for room that only its own event can free. With room for
 * one event per level and a policy that would wait 30 seconds, a handler that publishes into the
 * level its own event occupies fails at once with a {@link QueueFullException} that says why,
 * at each level; the bus carries on. (Each test would take 30 seconds if the publish waited.)
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class NoSelfDeadlockTest {
  private static final String NORMAL_HOLDER =
      "the NORMAL queue is full at its capacity of 1, and the thread publishing the fault.work"
          + " event cannot wait for room: it holds a place in that queue itself (it runs a NORMAL"
          + " handler, or the IMMEDIATE handlers of an event queued there), which it gives back"
          + " only after the wait; the event was not published. Raise queueCapacity, or publish"
          + " once the handler has returned.";

  @Test
  void aNormalHandlerPublishingIntoItsOwnFullLaneFailsAtOnce() throws Exception {
    assertNestedPublishFails(Priority.NORMAL, Priority.NORMAL, NORMAL_HOLDER);
  }

  @Test
  void aDeferredHandlerPublishingIntoItsOwnFullLaneFailsAtOnce() throws Exception {
    assertNestedPublishFails(
        Priority.DEFERRED,
        Priority.DEFERRED,
        "the DEFERRED queue is full at its capacity of 1, and the thread publishing the fault.work"
            + " event cannot wait for room: it is the only thread that runs DEFERRED handlers, so"
            + " no room comes free while it waits; the event was not published. Raise"
            + " queueCapacity, or publish once the handler has returned.");
  }

  @Test
  void anImmediateHandlerOfAnEventQueuedForNormalHandlersFailsAtOnce() throws Exception {
    try (EventBus bus = bus()) {
      AtomicReference<CompletableFuture<PublishResult>> nested = new AtomicReference<>();
      bus.subscribe(
          Level.class,
          level -> nested.set(bus.publish(new Work(0, 1)).toCompletableFuture()),
          SubscribeOptions.defaults().priority(Priority.IMMEDIATE));
      bus.subscribe(Level.class, level -> {});
      bus.subscribe(Work.class, work -> {});

      PublishResult outer = bus.publish(new Level(1)).toCompletableFuture().get(10, TimeUnit.SECONDS);

      assertEquals(2, outer.delivered());
      assertRefused(nested.get(), NORMAL_HOLDER);
      assertEquals(1, bus.publish(new Work(0, 2)).toCompletableFuture().get(10, TimeUnit.SECONDS).delivered());
    }
  }

  @Test
  void aBatchHandlerPublishingIntoTheFullDeferredLaneFailsAtOnce() throws Exception {
    try (EventBus bus = bus()) {
      AtomicReference<CompletableFuture<PublishResult>> nested = new AtomicReference<>();
      bus.subscribeBatch(
          Level.class,
          batch -> {
            bus.publish(new Work(0, 1));
            nested.set(bus.publish(new Work(0, 2)).toCompletableFuture());
          },
          SubscribeOptions.defaults().priority(Priority.DEFERRED).batch(1, Duration.ofSeconds(1)));
      bus.subscribe(
          Work.class,
          work -> sleep(200),
          SubscribeOptions.defaults().priority(Priority.DEFERRED));

      bus.publish(new Level(1));
      assertTrue(bus.drain(Duration.ofSeconds(10)));

      assertRefused(
          nested.get(),
          "the DEFERRED queue is full at its capacity of 1, and the thread publishing the"
              + " fault.work event cannot wait for room: it is the only thread that runs DEFERRED"
              + " handlers, so no room comes free while it waits; the event was not published."
              + " Raise queueCapacity, or publish once the handler has returned.");
    }
  }

  @Test
  void aHandlerPublishingIntoAnotherLevelStillWaitsForRoomThatOthersFree() throws Exception {
    try (EventBus bus =
        EventBus.builder()
            .queueCapacity(1)
            .backpressure(BackpressurePolicy.waitUpTo(Duration.ofSeconds(10)))
            .build()) {
      AtomicReference<CompletableFuture<PublishResult>> nested = new AtomicReference<>();
      bus.subscribe(
          Level.class,
          level -> {
            bus.publish(new Work(0, 1));
            nested.set(bus.publish(new Work(0, 2)).toCompletableFuture());
          });
      bus.subscribe(
          Work.class, work -> sleep(50), SubscribeOptions.defaults().priority(Priority.DEFERRED));

      bus.publish(new Level(1)).toCompletableFuture().get(10, TimeUnit.SECONDS);

      assertEquals(1, nested.get().get(10, TimeUnit.SECONDS).deferred(), "it waited, then went");
      assertTrue(bus.drain(Duration.ofSeconds(10)));
    }
  }

  @Test
  void withDirectExecutionANormalHandlerPublishingIntoItsFullLaneFailsAtOnce() throws Exception {
    try (EventBus bus =
        EventBus.builder()
            .directExecution()
            .queueCapacity(1)
            .backpressure(BackpressurePolicy.waitUpTo(Duration.ofSeconds(30)))
            .build()) {
      AtomicReference<CompletableFuture<PublishResult>> nested = new AtomicReference<>();
      bus.subscribe(Level.class, level -> nested.set(bus.publish(new Work(0, 1)).toCompletableFuture()));
      bus.subscribe(Work.class, work -> {});

      bus.publish(new Level(1));

      assertRefused(nested.get(), NORMAL_HOLDER);
    }
  }

  /**
   * A handler at {@code outer} publishes a {@link Work} event, which has a subscriber at {@code
   * inner}, while its own event holds the one place of the lane.
   */
  private static void assertNestedPublishFails(Priority outer, Priority inner, String message)
      throws Exception {
    try (EventBus bus = bus()) {
      AtomicReference<CompletableFuture<PublishResult>> nested = new AtomicReference<>();
      bus.subscribe(
          Level.class,
          level -> nested.set(bus.publish(new Work(0, 1)).toCompletableFuture()),
          SubscribeOptions.defaults().priority(outer));
      bus.subscribe(Work.class, work -> {}, SubscribeOptions.defaults().priority(inner));

      bus.publish(new Level(1));
      assertTrue(bus.drain(Duration.ofSeconds(10)));

      assertRefused(nested.get(), message);
      assertTrue(bus.publish(new Work(0, 2)).toCompletableFuture().get(10, TimeUnit.SECONDS) != null);
      assertTrue(bus.drain(Duration.ofSeconds(10)));
      assertEquals(1, bus.metrics().eventType("fault.work").orElseThrow().delivered());
    }
  }

  private static void assertRefused(CompletableFuture<PublishResult> stage, String message) {
    assertTrue(stage.isDone(), "the nested publish did not wait");
    CompletionException e =
        org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class, stage::join);
    assertInstanceOf(QueueFullException.class, e.getCause());
    assertEquals(message, e.getCause().getMessage());
  }

  private static EventBus bus() {
    return EventBus.builder()
        .queueCapacity(1)
        .backpressure(BackpressurePolicy.waitUpTo(Duration.ofSeconds(30)))
        .build();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
