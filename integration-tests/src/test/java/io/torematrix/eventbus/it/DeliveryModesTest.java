package io.torematrix.eventbus.it;

import static io.torematrix.eventbus.it.Buses.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.DeadEvent;
import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.PublishResult;
import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.annotation.Priority;
import io.torematrix.eventbus.annotation.Subscribe;
import io.torematrix.eventbus.it.Events.AccountClosed;
import io.torematrix.eventbus.it.Events.AccountEvent;
import io.torematrix.eventbus.it.Events.AccountOpened;
import io.torematrix.eventbus.it.Events.Ping;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Ordered delivery, batches, async timeouts and dead events, through generated dispatchers. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeliveryModesTest {
  private final Buses.Failures failures = new Buses.Failures();
  private final EventBus bus = EventBus.builder().errorHandler(failures).build();

  @AfterEach
  void close() {
    bus.close();
  }

  /** Records, per publisher, the numbers it saw; slow enough that a pool would reorder them. */
  static class OrderedCounter {
    final Map<String, List<Integer>> seen = new ConcurrentHashMap<>();

    @Subscribe(ordered = true)
    void count(AccountOpened event) throws InterruptedException {
      if (Integer.parseInt(event.accountId()) % 7 == 0) {
        Thread.sleep(1);
      }
      seen.computeIfAbsent(event.owner(), o -> new CopyOnWriteArrayList<>())
          .add(Integer.parseInt(event.accountId()));
    }
  }

  @Test
  void anOrderedHandlerSeesTheEventsOfEachPublisherThreadInPublishOrder() throws Exception {
    OrderedCounter counter = new OrderedCounter();
    bus.register(counter);
    ExecutorService publishers = Executors.newFixedThreadPool(3);
    CountDownLatch start = new CountDownLatch(1);
    for (String publisher : List.of("p1", "p2", "p3")) {
      publishers.execute(
          () -> {
            try {
              start.await();
            } catch (InterruptedException e) {
              return;
            }
            for (int i = 0; i < 300; i++) {
              bus.publish(new AccountOpened(Integer.toString(i), publisher));
            }
          });
    }
    start.countDown();
    publishers.shutdown();
    assertTrue(publishers.awaitTermination(30, TimeUnit.SECONDS));
    assertTrue(bus.drain(Duration.ofSeconds(30)));

    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      expected.add(i);
    }
    for (String publisher : List.of("p1", "p2", "p3")) {
      assertEquals(expected, counter.seen.get(publisher), "order seen from " + publisher);
    }
  }

  static class Batches {
    final List<List<String>> batches = new CopyOnWriteArrayList<>();

    @Subscribe(priority = Priority.DEFERRED, batchSize = 3, batchWindowMillis = 3_600_000)
    void collect(List<AccountOpened> events) {
      batches.add(events.stream().map(AccountOpened::accountId).toList());
    }
  }

  @Test
  void aBatchHandlerReceivesFullBatchesAndDrainDeliversTheRest() throws Exception {
    Batches batches = new Batches();
    bus.register(batches);

    for (int i = 1; i <= 7; i++) {
      PublishResult result = await(bus.publish(new AccountOpened("a" + i, "x")));
      assertEquals(1, result.deferred());
    }
    assertTrue(bus.drain(Duration.ofSeconds(10)));

    assertEquals(
        List.of(List.of("a1", "a2", "a3"), List.of("a4", "a5", "a6"), List.of("a7")),
        batches.batches);
  }

  @Test
  void aBatchLeavesWhenItsWindowEnds() throws Exception {
    List<List<Ping>> batches = new CopyOnWriteArrayList<>();
    CountDownLatch delivered = new CountDownLatch(1);
    bus.subscribeBatch(
        Ping.class,
        batch -> {
          batches.add(batch);
          delivered.countDown();
        },
        SubscribeOptions.<Ping>defaults()
            .priority(Priority.DEFERRED)
            .batch(1000, Duration.ofMillis(50)));

    bus.publish(new Ping(1));
    bus.publish(new Ping(2));

    assertTrue(delivered.await(10, TimeUnit.SECONDS), "the window flushed the batch");
    assertEquals(2, batches.get(0).size());
  }

  @Test
  void aFailedBatchIsReportedForEachOfItsEvents() throws Exception {
    List<Integer> callbacks = new CopyOnWriteArrayList<>();
    bus.subscribeBatch(
        Ping.class,
        batch -> {
          throw new IllegalStateException("batch broke");
        },
        SubscribeOptions.<Ping>defaults()
            .priority(Priority.DEFERRED)
            .batch(2, Duration.ofSeconds(10))
            .onError((ping, error) -> callbacks.add(ping.number)));

    bus.publish(new Ping(1));
    bus.publish(new Ping(2));
    assertTrue(bus.drain(Duration.ofSeconds(10)));

    assertEquals(List.of(1, 2), callbacks);
    assertEquals(2, failures.seen.size());
    assertEquals("batch broke", failures.seen.get(0).error().getMessage());
  }

  @Test
  void aBatchSubscriptionMustBeDeferred() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> bus.subscribeBatch(Ping.class, batch -> {}, SubscribeOptions.defaults()));
    assertTrue(
        e.getMessage().endsWith("takes batches, which are delivered in the background: give it"
            + " priority DEFERRED, not NORMAL"),
        e.getMessage());
  }

  @Test
  void aBatchWindowTooLongToCountInMillisecondsIsOutOfRangeLikeAnyOther() {
    Duration forever = ChronoUnit.FOREVER.getDuration();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SubscribeOptions.defaults().batch(10, forever));
    assertEquals(
        "batch window " + forever + " is out of range: it must be between 1 ms and 3600000 ms (one"
            + " hour)",
        e.getMessage());
  }

  static class Slow {
    @Subscribe(timeoutMillis = 50)
    CompletionStage<Void> neverDone(AccountClosed event) {
      return new CompletableFuture<>();
    }
  }

  @Test
  void anAsyncHandlerThatOutlivesItsTimeoutFailsWithATimeoutException() {
    bus.register(new Slow());

    PublishResult result = await(bus.publish(new AccountClosed("t1")));

    assertEquals(1, result.failed());
    Throwable error = result.failures().get(0).error();
    assertInstanceOf(TimeoutException.class, error);
    assertEquals(
        "DeliveryModesTest.Slow.neverDone(AccountClosed) did not complete within its timeout of"
            + " PT0.05S",
        error.getMessage());
  }

  @Test
  void aLambdaTimeoutNeedsAnAsyncHandler() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            bus.subscribe(
                Ping.class, p -> {}, SubscribeOptions.<Ping>defaults().timeout(Duration.ofSeconds(1))));
  }

  static class DeadLetters {
    final List<DeadEvent> dead = new CopyOnWriteArrayList<>();

    @Subscribe(priority = Priority.IMMEDIATE)
    void onDead(DeadEvent event) {
      dead.add(event);
    }
  }

  @Test
  void anEventNobodyReceivesIsPublishedAgainAsADeadEvent() {
    DeadLetters letters = new DeadLetters();
    bus.register(letters);

    PublishResult result = await(bus.publish(new AccountClosed("d1"), "nobody.home"));

    assertTrue(result.isDead());
    assertEquals(1, letters.dead.size());
    DeadEvent dead = letters.dead.get(0);
    assertEquals(new AccountClosed("d1"), dead.event());
    assertEquals("nobody.home", dead.context().topic());
    assertEquals(result.context(), dead.context());
  }

  static class FamilyOrder {
    final Recorder recorder = new Recorder();

    @Subscribe(priority = Priority.IMMEDIATE, order = 2)
    void second(AccountEvent event) {
      recorder.add("family");
    }

    @Subscribe(priority = Priority.IMMEDIATE, order = 1)
    void first(AccountOpened event) {
      recorder.add("exact");
    }
  }

  @Test
  void orderAppliesAcrossAnEventAndItsFamily() {
    FamilyOrder family = new FamilyOrder();
    bus.register(family);

    await(bus.publish(new AccountOpened("o", "x")));

    assertEquals(List.of("exact", "family"), family.recorder.entries());
  }
}
