package io.torematrix.eventbus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.BackpressurePolicy;
import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.EventTypeMetrics;
import io.torematrix.eventbus.HandlerFailure;
import io.torematrix.eventbus.LaneMetrics;
import io.torematrix.eventbus.QueueFullException;
import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.annotation.Priority;
import io.torematrix.eventbus.annotation.Subscribe;
import io.torematrix.eventbus.it.Events.Ping;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code post} to {@code NORMAL} handlers only, handed to the lane's ring: the ring keeps every
 * promise the queue kept (back-pressure, failures, metrics, contexts, many producers).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PostedRingTest {
  private final Buses.Failures failures = new Buses.Failures();

  @Test
  void aFullRingMakesAPostWaitUpToItsTimeoutThenRefusesItNamingTheLane() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (EventBus bus =
        EventBus.builder()
            .queueCapacity(2)
            .backpressure(BackpressurePolicy.waitUpTo(Duration.ofMillis(100)))
            .build()) {
      List<Integer> ran = new CopyOnWriteArrayList<>();
      bus.subscribe(Ping.class, ping -> {
        await(release);
        ran.add(ping.number);
      });
      bus.post(new Ping(1));
      bus.post(new Ping(2));

      long start = System.nanoTime();
      QueueFullException full = assertThrows(QueueFullException.class, () -> bus.post(new Ping(3)));

      assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(100), "it waited");
      assertEquals(
          "the NORMAL queue is full at its capacity of 2 and stayed full for waitUpTo(PT0.1S); the"
              + " ping event was not published. Let consumers catch up, raise queueCapacity, or"
              + " choose another BackpressurePolicy.",
          full.getMessage());
      assertEquals(2, normal(bus).depth(), "the two accepted events hold the room");
      release.countDown();
      assertTrue(bus.drain(Duration.ofSeconds(10)));
      assertEquals(Set.of(1, 2), Set.copyOf(ran), "nothing accepted was lost");
      assertEquals(0, normal(bus).depth());
      assertEquals(2, bus.metrics().eventType("ping").orElseThrow().published());
    }
  }

  @Test
  void aPostWaitingForRoomIsAcceptedOnceAHandlerFreesIt() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (EventBus bus =
        EventBus.builder()
            .queueCapacity(1)
            .backpressure(BackpressurePolicy.waitUpTo(Duration.ofSeconds(30)))
            .build()) {
      List<Integer> ran = new CopyOnWriteArrayList<>();
      bus.subscribe(Ping.class, ping -> {
        await(release);
        ran.add(ping.number);
      });
      bus.post(new Ping(1));
      Thread releaser = new Thread(() -> {
        sleep(50);
        release.countDown();
      });
      releaser.start();

      bus.post(new Ping(2));

      assertTrue(bus.drain(Duration.ofSeconds(10)));
      assertEquals(List.of(1, 2), ran);
      releaser.join(10_000);
    }
  }

  @Test
  void aProducerInterruptedWhileWaitingForRoomIsRefusedAndKeepsItsInterruptStatus()
      throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (EventBus bus =
        EventBus.builder()
            .queueCapacity(1)
            .backpressure(BackpressurePolicy.waitUpTo(Duration.ofSeconds(30)))
            .build()) {
      List<Integer> ran = new CopyOnWriteArrayList<>();
      bus.subscribe(Ping.class, ping -> {
        await(release);
        ran.add(ping.number);
      });
      bus.post(new Ping(1));
      AtomicReference<Throwable> refused = new AtomicReference<>();
      AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
      Thread producer = new Thread(() -> {
        try {
          bus.post(new Ping(2));
        } catch (Throwable e) {
          refused.set(e);
        }
        stillInterrupted.set(Thread.currentThread().isInterrupted());
      });
      producer.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (producer.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }

      producer.interrupt();
      producer.join(10_000);

      assertTrue(refused.get() instanceof QueueFullException, String.valueOf(refused.get()));
      assertEquals(
          "interrupted while waiting for room in the NORMAL queue; the ping event was not"
              + " published",
          refused.get().getMessage());
      assertEquals(Boolean.TRUE, stillInterrupted.get());
      release.countDown();
      assertTrue(bus.drain(Duration.ofSeconds(10)));
      assertEquals(List.of(1), ran);
      assertEquals(1, bus.metrics().eventType("ping").orElseThrow().published());
    }
  }

  @Test
  void anErrorThrownByAHandlerIsReportedAndTheLaneCarriesOn() throws Exception {
    List<Throwable> told = new CopyOnWriteArrayList<>();
    try (EventBus bus = EventBus.builder().errorHandler(failures).build()) {
      List<Integer> ran = new CopyOnWriteArrayList<>();
      bus.subscribe(
          Ping.class,
          ping -> {
            if (ping.number == 1) {
              throw new AssertionError("ping 1 broke the handler");
            }
            ran.add(ping.number);
          },
          SubscribeOptions.<Ping>defaults().onError((ping, error) -> told.add(error)));
      Instant before = Instant.now().minusSeconds(1);

      bus.post(new Ping(1));
      bus.post(new Ping(2));

      assertTrue(bus.drain(Duration.ofSeconds(10)));
      assertEquals(List.of(2), ran);
      assertEquals(1, told.size());
      assertEquals("ping 1 broke the handler", told.get(0).getMessage());
      assertEquals(1, failures.seen.size());
      HandlerFailure failure = failures.seen.get(0);
      assertSame(told.get(0), failure.error());
      assertEquals("ping", failure.context().typeName());
      assertNotNull(failure.context().eventId());
      assertTrue(!failure.context().timestamp().isBefore(before), "stamped when posted");
      EventTypeMetrics metrics = bus.metrics().eventType("ping").orElseThrow();
      assertEquals(2, metrics.published());
      assertEquals(1, metrics.delivered());
      assertEquals(1, metrics.failed());
    }
  }

  /** Reads each context; the first ping posts a second from its handler. */
  static final class Relay {
    final EventBus bus;
    final Map<Integer, EventContext> contexts = new ConcurrentHashMap<>();
    final CountDownLatch handled;

    Relay(EventBus bus, int pings) {
      this.bus = bus;
      this.handled = new CountDownLatch(pings);
    }

    @Subscribe
    void onPing(Ping ping, EventContext context) {
      contexts.put(ping.number, context);
      if (ping.number == -1) {
        bus.post(new Ping(-2));
      }
      handled.countDown();
    }
  }

  @Test
  void anEventPostedFromAPostedEventsHandlerIsCausedByIt() throws Exception {
    try (EventBus bus = EventBus.builder().build()) {
      Relay relay = new Relay(bus, 2);
      bus.register(relay);
      Instant before = Instant.now().minusSeconds(1);

      bus.post(new Ping(-1), "pings.first");

      assertTrue(relay.handled.await(10, TimeUnit.SECONDS));
      EventContext first = relay.contexts.get(-1);
      EventContext second = relay.contexts.get(-2);
      assertEquals("pings.first", first.topic());
      assertEquals("ping", first.typeName());
      assertTrue(!first.timestamp().isBefore(before), "stamped when posted");
      assertEquals(first.eventId(), second.causationId().orElseThrow());
      assertEquals(first.correlationId(), second.correlationId());
      assertTrue(first.eventId().compareTo(second.eventId()) < 0, "a cause is older");
      assertTrue(!second.timestamp().isBefore(first.timestamp()));
    }
  }

  @Test
  void idsFollowTheOrderOfPostsWhicheverLaneThreadMakesThem() throws Exception {
    int pings = 2_000;
    try (EventBus bus = EventBus.builder().build()) {
      Relay relay = new Relay(bus, pings);
      bus.register(relay);

      for (int i = 0; i < pings; i++) {
        bus.post(new Ping(i));
      }

      assertTrue(relay.handled.await(10, TimeUnit.SECONDS));
      for (int i = 1; i < pings; i++) {
        EventContext earlier = relay.contexts.get(i - 1);
        EventContext later = relay.contexts.get(i);
        assertTrue(
            earlier.eventId().compareTo(later.eventId()) < 0,
            "ping " + i + " has a later id than ping " + (i - 1));
        assertTrue(!later.timestamp().isBefore(earlier.timestamp()));
      }
    }
  }

  @Test
  void manyProducersPostingThroughATinyRingLoseNothingAndDeliverEachEventOnce() throws Exception {
    int producers = 4;
    int perProducer = 2_000;
    try (EventBus bus =
        EventBus.builder()
            .queueCapacity(3)
            .backpressure(BackpressurePolicy.waitUpTo(Duration.ofSeconds(30)))
            .build()) {
      Set<Integer> seen = ConcurrentHashMap.newKeySet();
      List<Integer> twice = new CopyOnWriteArrayList<>();
      bus.subscribe(Ping.class, ping -> {
        if (!seen.add(ping.number)) {
          twice.add(ping.number);
        }
      });
      List<Thread> threads = new ArrayList<>();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      for (int p = 0; p < producers; p++) {
        int producer = p;
        Thread thread = new Thread(() -> {
          try {
            for (int i = 0; i < perProducer; i++) {
              bus.post(new Ping(producer * perProducer + i));
            }
          } catch (Throwable e) {
            failure.compareAndSet(null, e);
          }
        });
        threads.add(thread);
        thread.start();
      }
      for (Thread thread : threads) {
        thread.join(30_000);
      }

      assertEquals(null, failure.get());
      assertTrue(bus.drain(Duration.ofSeconds(30)));
      assertEquals(producers * perProducer, seen.size(), "every event delivered");
      assertEquals(List.of(), twice, "none twice");
      EventTypeMetrics metrics = bus.metrics().eventType("ping").orElseThrow();
      assertEquals(producers * perProducer, metrics.published());
      assertEquals(producers * perProducer, metrics.delivered());
      assertEquals(0, normal(bus).depth());
      assertEquals(0, normal(bus).running());
    }
  }

  @Test
  void eventsPostedWithAnIdleLaneWakeItsParkedThread() throws Exception {
    try (EventBus bus = EventBus.builder().build()) {
      List<Integer> ran = new CopyOnWriteArrayList<>();
      bus.subscribe(Ping.class, ping -> ran.add(ping.number));
      for (int i = 0; i < 5; i++) {
        bus.post(new Ping(i));
        assertTrue(bus.drain(Duration.ofSeconds(10)));
        // long enough for the lane's threads to stop spinning and park
        Thread.sleep(20);
      }
      assertEquals(List.of(0, 1, 2, 3, 4), ran);
    }
  }

  @Test
  void aPostNextToAnImmediateHandlerStillReachesBothLanes() {
    try (EventBus bus = EventBus.builder().build()) {
      List<String> seen = new CopyOnWriteArrayList<>();
      bus.subscribe(Ping.class, ping -> seen.add("normal"));
      bus.subscribe(
          Ping.class,
          ping -> seen.add("immediate"),
          SubscribeOptions.<Ping>defaults().priority(Priority.IMMEDIATE));

      bus.post(new Ping(1));

      assertTrue(bus.drain(Duration.ofSeconds(10)));
      assertEquals(List.of("immediate", "normal"), seen);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static LaneMetrics normal(EventBus bus) {
    return bus.metrics().lanes().stream()
        .filter(lane -> lane.priority() == Priority.NORMAL)
        .findFirst()
        .orElseThrow();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("not released within 10 s");
      }
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
