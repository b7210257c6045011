package io.torematrix.eventbus.it.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.torematrix.eventbus.DeadEvent;
import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventStores;
import io.torematrix.eventbus.RetryPolicy;
import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.annotation.Priority;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the bus refuses when a durable subscription is made, each with its exact message. */
class DurableSubscribeChecksTest {

  @Test
  void aBusWithoutAStoreRefusesADurableSubscriptionNamingTheFix() {
    try (EventBus bus = EventBus.create()) {
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () -> bus.subscribe(Item.Added.class, added -> {}, SubscribeOptions.defaults().durable("orders")));
      assertEquals(
          "lambda subscriber #1 of Added is a durable subscription (\"orders\"), which reads its"
              + " events and keeps its checkpoint in the bus's store, but the bus has none:"
              + " configure one with EventBus.builder().store(...)",
          e.getMessage());
      assertEquals(List.of(), bus.durable().status());
      IllegalStateException parked =
          assertThrows(IllegalStateException.class, () -> bus.durable().parked("orders", 10));
      assertEquals(
          "the bus has no store, so no durable subscriptions: configure one with"
              + " EventBus.builder().store(...)",
          parked.getMessage());
      assertThrows(IllegalStateException.class, () -> bus.durable().retry("orders", UUID.randomUUID()));
      assertThrows(IllegalStateException.class, () -> bus.durable().discard("orders", UUID.randomUUID()));
    }
  }

  @Test
  void anInvalidNameIsRefusedByTheOptionsNamingWhatIsWrong() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SubscribeOptions.defaults().durable("order projection"));
    assertEquals(
        "invalid durable subscription name \"order projection\": character 6 is ' '; only A-Z, a-z,"
            + " 0-9, '_' and '-' are allowed",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SubscribeOptions.defaults().durable(""));
    assertThrows(IllegalArgumentException.class, () -> SubscribeOptions.defaults().durable("x".repeat(65)));
  }

  @Test
  void aDurableSubscriptionWithAPriorityOrAnOrderIsRefusedAtSubscribe() {
    try (EventBus bus = EventBus.builder().store(EventStores.inMemory()).build()) {
      IllegalArgumentException immediate =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  bus.subscribe(
                      Item.Added.class,
                      added -> {},
                      SubscribeOptions.defaults().durable("fast").priority(Priority.IMMEDIATE)));
      assertEquals(
          "lambda subscriber #1 of Added is durable (\"fast\"): it is delivered from the store by a"
              + " worker of its own, after publish, so it has no priority level; remove priority"
              + " IMMEDIATE",
          immediate.getMessage());
      IllegalArgumentException order =
          assertThrows(
              IllegalArgumentException.class,
              () -> bus.subscribe(Item.Added.class, added -> {}, SubscribeOptions.defaults().durable("first").order(-5)));
      assertEquals(
          "lambda subscriber #2 of Added is durable (\"first\"): it is delivered by a worker of its"
              + " own, apart from the handlers publish runs, so it has no place among them; remove"
              + " order -5",
          order.getMessage());
      IllegalArgumentException batch =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  bus.subscribeBatch(
                      Item.Added.class,
                      batchOfAdded -> {},
                      SubscribeOptions.defaults().durable("batched").priority(Priority.DEFERRED)));
      assertEquals(
          "lambda subscriber #3 of Added is durable (\"batched\"): it is delivered event by event,"
              + " each checkpointed, retried or parked on its own, so it cannot take batches;"
              + " subscribe a handler of single events",
          batch.getMessage());
      assertEquals(List.of(), bus.durable().status(), "nothing was subscribed");
    }
  }

  @Test
  void aDurableSubscriptionToDeadEventsWhichAreNotStoredIsRefused() {
    try (EventBus bus = EventBus.builder().store(EventStores.inMemory()).build()) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> bus.subscribe(DeadEvent.class, dead -> {}, SubscribeOptions.defaults().durable("dead")));
      assertEquals(
          "lambda subscriber #1 of DeadEvent is a durable subscription (\"dead\") to DeadEvent, which"
              + " the bus reports as it happens and never stores: subscribe an ordinary handler to it",
          e.getMessage());
    }
  }

  @Test
  void aNameIsSubscribedOnceOnABus() {
    try (EventBus bus = EventBus.builder().store(EventStores.inMemory()).build()) {
      bus.subscribe(Item.Added.class, added -> {}, SubscribeOptions.defaults().durable("once"));
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () -> bus.subscribe(Item.Note.class, note -> {}, SubscribeOptions.defaults().durable("once")));
      assertEquals(
          "durable subscription \"once\" is already subscribed on this bus, by lambda subscriber #1"
              + " of Added: a name is one subscription, with one checkpoint, delivered to one"
              + " handler. Give lambda subscriber #2 of Note a name of its own, or close the other"
              + " subscription first",
          e.getMessage());
    }
  }

  @Test
  void retryPoliciesOutOfRangeAreRefusedNamingTheRange() {
    IllegalArgumentException attempts =
        assertThrows(IllegalArgumentException.class, () -> RetryPolicy.defaults().maxAttempts(0));
    assertEquals("max attempts 0 is out of range: it must be between 1 and 100", attempts.getMessage());
    IllegalArgumentException longest =
        assertThrows(
            IllegalArgumentException.class,
            () -> RetryPolicy.defaults().backoff(Duration.ofSeconds(2), 2, Duration.ofSeconds(1)));
    assertEquals(
        "longest backoff PT1S is out of range: it must be between the first wait (2000 ms) and"
            + " 3600000 ms (one hour)",
        longest.getMessage());
    IllegalArgumentException multiplier =
        assertThrows(
            IllegalArgumentException.class,
            () -> RetryPolicy.defaults().backoff(Duration.ofSeconds(1), 0.5, Duration.ofSeconds(1)));
    assertEquals("multiplier 0.5 is out of range: it must be between 1 and 10", multiplier.getMessage());
  }

  @Test
  void theDefaultRetryPolicyWaitsHundredMillisecondsDoublingUpToTenSeconds() {
    RetryPolicy policy = RetryPolicy.defaults();
    assertEquals(5, policy.maxAttempts());
    assertEquals(
        List.of(100L, 200L, 400L, 800L, 1600L, 3200L, 6400L, 10_000L, 10_000L),
        java.util.stream.IntStream.rangeClosed(1, 9)
            .mapToObj(attempt -> policy.backoffAfter(attempt).toMillis())
            .toList());
  }
}
