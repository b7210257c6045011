package io.torematrix.eventbus.it.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.DurableSubscriptionStatus;
import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventStores;
import io.torematrix.eventbus.HandlerFailure;
import io.torematrix.eventbus.PublishResult;
import io.torematrix.eventbus.RetryPolicy;
import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.codec.EventCodec;
import io.torematrix.eventbus.codec.JsonEventCodec;
import io.torematrix.eventbus.spi.EventTypeInfo;
import io.torematrix.eventbus.spi.ParkedEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Failures of durable handlers: retried with backoff, then parked while later events go on; parked
 * events listed, retried and discarded through the bus's API; every failure reported.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DurableFailureTest {
  private static final RetryPolicy QUICK =
      RetryPolicy.defaults().maxAttempts(3).backoff(Duration.ofMillis(1), 2, Duration.ofMillis(10));

  @Test
  void aHandlerThatFailsTwiceThenSucceedsIsRetriedAndNothingIsParked() throws Exception {
    List<HandlerFailure> reported = new CopyOnWriteArrayList<>();
    try (EventBus bus =
        EventBus.builder().store(EventStores.inMemory()).errorHandler(reported::add).build()) {
      AtomicInteger calls = new AtomicInteger();
      List<Integer> handled = new CopyOnWriteArrayList<>();
      bus.subscribe(
          Item.Added.class,
          added -> {
            if (added.number() == 1 && calls.incrementAndGet() <= 2) {
              throw new IllegalStateException("not yet, call " + calls.get());
            }
            handled.add(added.number());
          },
          SubscribeOptions.<Item.Added>defaults().durable("flaky").retry(QUICK));
      publish(bus, 1, 3);
      assertTrue(bus.drain(Duration.ofSeconds(30)));

      assertEquals(List.of(1, 2, 3), handled);
      assertEquals(3, calls.get(), "two failed attempts and the one that worked");
      assertEquals(
          List.of("not yet, call 1", "not yet, call 2"),
          reported.stream().map(f -> f.error().getMessage()).toList());
      assertEquals(List.of(1, 2), reported.stream().map(f -> f.context().attempt()).toList());
      assertEquals(List.of(), bus.durable().parked("flaky", 10));
      DurableSubscriptionStatus status = bus.durable().status("flaky").orElseThrow();
      assertEquals(0, status.lag());
      assertEquals(0, status.parked());
    }
  }

  @Test
  void aPoisonEventIsParkedAfterItsAttemptsWhileTheEventsAfterItGoOn() throws Exception {
    List<HandlerFailure> reported = new CopyOnWriteArrayList<>();
    try (EventBus bus =
        EventBus.builder().store(EventStores.inMemory()).errorHandler(reported::add).build()) {
      List<Integer> handled = new CopyOnWriteArrayList<>();
      List<Throwable> onError = new CopyOnWriteArrayList<>();
      bus.subscribe(
          Item.Added.class,
          added -> {
            if (added.number() == 2) {
              throw new IllegalArgumentException("poison " + added.number());
            }
            handled.add(added.number());
          },
          SubscribeOptions.<Item.Added>defaults()
              .durable("poisoned")
              .retry(QUICK)
              .onError((added, error) -> onError.add(error)));
      publish(bus, 1, 1);
      UUID poison = bus.publish(new Item.Added("l", 2)).toCompletableFuture().join().context().eventId();
      publish(bus, 3, 5);
      assertTrue(bus.drain(Duration.ofSeconds(30)));

      assertEquals(List.of(1, 3, 4, 5), handled);
      assertEquals(3, onError.size(), "each failed attempt reaches onError");
      assertEquals(3, reported.size(), "and the bus's error handler");
      List<ParkedEvent> parked = bus.durable().parked("poisoned", 10);
      assertEquals(1, parked.size());
      ParkedEvent event = parked.get(0);
      assertEquals(poison, event.record().eventId());
      assertEquals("poisoned", event.subscription());
      assertEquals(3, event.attempts());
      assertEquals(ParkedEvent.Status.PARKED, event.status());
      assertTrue(
          event.error().startsWith("java.lang.IllegalArgumentException: poison 2\n"),
          () -> "the error with its stack trace: " + event.error());
      assertFalse(event.parkedAt().isBefore(event.firstFailedAt()));
      DurableSubscriptionStatus status = bus.durable().status("poisoned").orElseThrow();
      assertEquals(1, status.parked());
      assertEquals(0, status.lag(), "parked, the event is passed: the subscription is at the head");
    }
  }

  @Test
  void aStoredEventWhoseDecodingThrowsAnErrorIsParkedAndTheEventsAfterItGoOn() throws Exception {
    JsonEventCodec json = new JsonEventCodec(List.of());
    EventCodec breaksOnTwo =
        new EventCodec() {
          @Override
          public byte[] encode(Object event, EventTypeInfo type) {
            return json.encode(event, type);
          }

          @Override
          public Object decode(byte[] payload, int storedVersion, EventTypeInfo type) {
            if (new String(payload, StandardCharsets.UTF_8).contains("\"number\":2")) {
              throw new AssertionError("a stored item numbered 2 breaks an invariant");
            }
            return json.decode(payload, storedVersion, type);
          }
        };
    try (EventBus bus = EventBus.builder().store(EventStores.inMemory()).codec(breaksOnTwo).build()) {
      List<Integer> handled = new CopyOnWriteArrayList<>();
      bus.subscribe(
          Item.Added.class,
          added -> handled.add(added.number()),
          SubscribeOptions.<Item.Added>defaults().durable("undecodable").retry(QUICK));
      publish(bus, 1, 3);
      assertTrue(bus.drain(Duration.ofSeconds(30)), "the subscription is not stuck on event 2");

      assertEquals(List.of(1, 3), handled);
      List<ParkedEvent> parked = bus.durable().parked("undecodable", 10);
      assertEquals(1, parked.size());
      assertEquals(1, parked.get(0).attempts());
      assertTrue(
          parked.get(0).error().startsWith(
              "java.lang.AssertionError: a stored item numbered 2 breaks an invariant\n"),
          parked.get(0).error());
    }
  }

  @Test
  void aParkedEventRetriedThroughTheApiIsDeliveredAgainCountingOnItsAttemptsAndResolved()
      throws Exception {
    try (EventBus bus = EventBus.builder().store(EventStores.inMemory()).build()) {
      AtomicBoolean broken = new AtomicBoolean(true);
      Map<Integer, List<Integer>> attempts = new ConcurrentHashMap<>();
      bus.subscribe(
          Item.Added.class,
          added -> {
            if (broken.get()) {
              throw new IllegalStateException("down");
            }
            attempts.computeIfAbsent(added.number(), n -> new CopyOnWriteArrayList<>()).add(added.number());
          },
          SubscribeOptions.<Item.Added>defaults().durable("retried").retry(RetryPolicy.defaults().maxAttempts(1)));
      UUID id = bus.publish(new Item.Added("l", 7)).toCompletableFuture().join().context().eventId();
      assertTrue(bus.drain(Duration.ofSeconds(30)));
      assertEquals(1, bus.durable().parked("retried", 10).get(0).attempts());
      assertEquals(Map.of(), attempts);

      broken.set(false);
      assertFalse(bus.durable().retry("retried", UUID.randomUUID()), "no such parked event");
      assertTrue(bus.durable().retry("retried", id));
      waitUntil(() -> bus.durable().parked("retried", 10).isEmpty());

      assertEquals(Map.of(7, List.of(7)), attempts);
      assertEquals(0, bus.durable().status("retried").orElseThrow().parked());
    }
  }

  @Test
  void aParkedEventThatFailsAgainIsParkedAgainWithItsAttemptsAddedUp() throws Exception {
    try (EventBus bus = EventBus.builder().store(EventStores.inMemory()).build()) {
      List<Integer> attempts = new CopyOnWriteArrayList<>();
      bus.subscribe(
          Item.Added.class,
          added -> {
            attempts.add(attempts.size() + 1);
            throw new IllegalStateException("always");
          },
          SubscribeOptions.<Item.Added>defaults().durable("stubborn").retry(QUICK.maxAttempts(2)));
      UUID id = bus.publish(new Item.Added("l", 1)).toCompletableFuture().join().context().eventId();
      assertTrue(bus.drain(Duration.ofSeconds(30)));
      ParkedEvent first = bus.durable().parked("stubborn", 10).get(0);

      assertTrue(bus.durable().retry("stubborn", id));
      waitUntil(() -> attempts.size() == 4 && bus.durable().parked("stubborn", 10).get(0).status() == ParkedEvent.Status.PARKED);

      ParkedEvent again = bus.durable().parked("stubborn", 10).get(0);
      assertEquals(4, again.attempts());
      assertEquals(first.firstFailedAt(), again.firstFailedAt());
    }
  }

  @Test
  void aDiscardedParkedEventIsGoneForGood() throws Exception {
    try (EventBus bus = EventBus.builder().store(EventStores.inMemory()).build()) {
      bus.subscribe(
          Item.Added.class,
          added -> {
            throw new IllegalStateException("never");
          },
          SubscribeOptions.<Item.Added>defaults().durable("discarding").retry(RetryPolicy.defaults().maxAttempts(1)));
      PublishResult published = bus.publish(new Item.Added("l", 1)).toCompletableFuture().join();
      assertTrue(bus.drain(Duration.ofSeconds(30)));

      assertTrue(bus.durable().discard("discarding", published.context().eventId()));
      assertFalse(bus.durable().discard("discarding", published.context().eventId()));
      assertEquals(List.of(), bus.durable().parked("discarding", 10));
      assertFalse(bus.durable().retry("discarding", published.context().eventId()));
    }
  }

  @Test
  void aHandlerThatLeavesItsThreadInterruptedDoesNotStopTheSubscription() throws Exception {
    try (EventBus bus = EventBus.builder().store(EventStores.inMemory()).build()) {
      List<Integer> handled = new CopyOnWriteArrayList<>();
      bus.subscribe(
          Item.Added.class,
          added -> {
            handled.add(added.number());
            if (added.number() == 1) {
              Thread.currentThread().interrupt();
            }
          },
          SubscribeOptions.<Item.Added>defaults().durable("interrupted"));
      publish(bus, 1, 3);
      assertTrue(bus.drain(Duration.ofSeconds(30)));
      publish(bus, 4, 4);
      assertTrue(bus.drain(Duration.ofSeconds(30)));

      assertEquals(List.of(1, 2, 3, 4), handled.stream().distinct().toList(), "every event, at least once");
      assertTrue(bus.durable().status("interrupted").orElseThrow().runningHere());
    }
  }

  static void publish(EventBus bus, int from, int to) {
    for (int i = from; i <= to; i++) {
      bus.publish(new Item.Added("l", i)).toCompletableFuture().join();
    }
  }

  /** Polls {@code condition} every 10 ms; the test's timeout bounds the wait. */
  static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
    while (!condition.getAsBoolean()) {
      Thread.sleep(10);
    }
  }
}
