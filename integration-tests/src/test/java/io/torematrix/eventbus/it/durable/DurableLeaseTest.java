package io.torematrix.eventbus.it.durable;

import static io.torematrix.eventbus.it.durable.DurableFailureTest.publish;
import static io.torematrix.eventbus.it.durable.DurableFailureTest.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.Cursor;
import io.torematrix.eventbus.DurableSubscriptionStatus;
import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.EventStores;
import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.spi.Lease;
import io.torematrix.eventbus.spi.SubscriptionState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two buses on one store: one delivers a durable subscription at a time, the other takes over when
 * the holder lets go, and a holder whose lease was lost stops at once.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DurableLeaseTest {
  private final KeptStore store = new KeptStore(EventStores.inMemory());
  private final List<EventBus> buses = new ArrayList<>();

  @AfterEach
  void closeEverything() {
    buses.forEach(EventBus::close);
    store.store.close();
  }

  private EventBus bus() {
    EventBus bus =
        EventBus.builder().store(store).durableLeaseTimeout(Duration.ofMillis(300)).build();
    buses.add(bus);
    return bus;
  }

  private static SubscribeOptions<Item.Added> shared() {
    return SubscribeOptions.<Item.Added>defaults().durable("shared");
  }

  @Test
  void oneBusDeliversASubscriptionAndTheOtherTakesOverWhenItCloses() throws Exception {
    EventBus first = bus();
    EventBus second = bus();
    List<Integer> firstSaw = new CopyOnWriteArrayList<>();
    List<Integer> secondSaw = new CopyOnWriteArrayList<>();
    first.subscribe(Item.Added.class, added -> firstSaw.add(added.number()), shared());
    waitUntil(() -> first.durable().status("shared").orElseThrow().runningHere());
    second.subscribe(Item.Added.class, added -> secondSaw.add(added.number()), shared());
    publish(second, 1, 5);
    assertTrue(first.drain(Duration.ofSeconds(30)));
    assertTrue(second.drain(Duration.ofSeconds(30)), "the holder saved its checkpoint at the head");

    DurableSubscriptionStatus seenBySecond = second.durable().status("shared").orElseThrow();
    assertTrue(seenBySecond.subscribedHere());
    assertFalse(seenBySecond.runningHere());
    assertEquals(first.durable().status("shared").orElseThrow().owner(), seenBySecond.owner());
    assertEquals(List.of(1, 2, 3, 4, 5), firstSaw);
    assertEquals(List.of(), secondSaw);

    first.close();
    publish(second, 6, 8);
    waitUntil(() -> second.durable().status("shared").orElseThrow().runningHere());
    assertTrue(second.drain(Duration.ofSeconds(30)));

    assertEquals(List.of(6, 7, 8), secondSaw, "it resumes after the checkpoint the first saved");
  }

  @Test
  void drainAfterACrashWaitsUntilTheDeadHoldersLeaseLapsesAndEverythingStoredIsHandled()
      throws Exception {
    Lease crashed =
        store.subscriptions().acquire("shared", "crashed", Duration.ofSeconds(2), Cursor.START).orElseThrow();
    EventBus bus = bus();
    List<Integer> handled = new CopyOnWriteArrayList<>();
    bus.subscribe(Item.Added.class, added -> handled.add(added.number()), shared());
    publish(bus, 1, 5);

    assertEquals("crashed", store.state("shared").owner().orElseThrow(), "the dead holder's lease has not lapsed yet");
    assertTrue(bus.drain(Duration.ofSeconds(30)));

    assertEquals(List.of(1, 2, 3, 4, 5), handled, "drain returned only once the events were handled here");
    assertEquals(store.store.head(), store.state("shared").checkpoint());
    assertFalse(store.state("shared").owner().orElseThrow().equals(crashed.owner()));
  }

  @Test
  void drainWaitsForTheLiveHolderOfTheLeaseToSaveItsCheckpointAtTheHead() throws Exception {
    EventBus first = bus();
    EventBus second = bus();
    CountDownLatch third = new CountDownLatch(1);
    List<Integer> firstSaw = new CopyOnWriteArrayList<>();
    first.subscribe(
        Item.Added.class,
        added -> {
          if (added.number() == 3) {
            try {
              third.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          firstSaw.add(added.number());
        },
        shared());
    waitUntil(() -> first.durable().status("shared").orElseThrow().runningHere());
    second.subscribe(Item.Added.class, added -> firstSaw.add(-added.number()), shared());
    publish(second, 1, 5);

    assertFalse(second.drain(Duration.ofMillis(500)), "the holder is still handling event 3");
    third.countDown();
    assertTrue(second.drain(Duration.ofSeconds(30)));

    assertEquals(List.of(1, 2, 3, 4, 5), firstSaw);
    assertEquals(store.store.head(), store.state("shared").checkpoint());
    assertFalse(second.durable().status("shared").orElseThrow().runningHere());
  }

  @Test
  void aHolderThatLostItsLeaseStopsAtOnceAndTheNewHolderDeliversAgainFromTheCheckpoint()
      throws Exception {
    EventBus bus = bus();
    CountDownLatch firstStarted = new CountDownLatch(1);
    CountDownLatch finishFirst = new CountDownLatch(1);
    List<Integer> handled = new CopyOnWriteArrayList<>();
    bus.subscribe(
        Item.Added.class,
        added -> {
          if (added.number() == 1 && handled.isEmpty()) {
            firstStarted.countDown();
            try {
              finishFirst.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          handled.add(added.number());
        },
        shared());
    Cursor before = store.store.head();
    publish(bus, 1, 3);
    assertTrue(firstStarted.await(30, TimeUnit.SECONDS));

    store.renewalsFail = true;
    Lease intruder = null;
    while (intruder == null) {
      intruder =
          store.subscriptions().acquire("shared", "intruder", Duration.ofSeconds(30), Cursor.START).orElse(null);
      Thread.sleep(10);
    }
    finishFirst.countDown();
    waitUntil(() -> !bus.durable().status("shared").orElseThrow().runningHere());

    assertEquals(List.of(1), handled, "the event in progress ends, and no other starts");
    SubscriptionState state = store.state("shared");
    assertEquals(before, state.checkpoint(), "the lost holder saved nothing");
    assertEquals("intruder", state.owner().orElseThrow());

    store.renewalsFail = false;
    store.subscriptions().release(intruder);
    assertTrue(bus.drain(Duration.ofSeconds(30)));
    waitUntil(() -> handled.size() == 4);
    assertEquals(List.of(1, 1, 2, 3), handled, "at least once: the first event again, then the rest");
    assertEquals(
        store.store.read(EventQuery.all()).get(2).cursor(), bus.durable().status("shared").orElseThrow().checkpoint());
  }

  @Test
  void aHolderWhoseRenewalHangsPastTheLeaseTimeoutStopsBeforeItsNextEvent() throws Exception {
    EventBus bus = bus();
    CountDownLatch firstStarted = new CountDownLatch(1);
    CountDownLatch finishFirst = new CountDownLatch(1);
    List<Integer> handled = new CopyOnWriteArrayList<>();
    bus.subscribe(
        Item.Added.class,
        added -> {
          if (added.number() == 1 && handled.isEmpty()) {
            firstStarted.countDown();
            try {
              finishFirst.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          handled.add(added.number());
        },
        shared());
    publish(bus, 1, 3);
    assertTrue(firstStarted.await(30, TimeUnit.SECONDS));

    CountDownLatch hang = new CountDownLatch(1);
    store.renewalsHang = hang;
    Lease intruder = null;
    while (intruder == null) {
      intruder =
          store.store.subscriptions().acquire("shared", "intruder", Duration.ofSeconds(30), Cursor.START).orElse(null);
      Thread.sleep(10);
    }
    finishFirst.countDown();
    try {
      waitUntil(() -> !bus.durable().status("shared").orElseThrow().runningHere() || handled.size() > 1);
      assertEquals(
          List.of(1),
          handled,
          "a holder that could not renew for a whole lease timeout no longer holds the lease, even"
              + " while its renewal is still waiting for the store");
    } finally {
      store.renewalsHang = null;
      hang.countDown();
    }
  }

  @Test
  void anErrorFromTheStoreWhileTakingTheLeaseIsRetriedLikeAnException() throws Exception {
    store.acquireFailsOnce = new AssertionError("the store's driver broke, once");
    EventBus bus = bus();
    List<Integer> handled = new CopyOnWriteArrayList<>();
    bus.subscribe(Item.Added.class, added -> handled.add(added.number()), shared());
    publish(bus, 1, 3);

    waitUntil(() -> handled.size() == 3);
    assertTrue(bus.drain(Duration.ofSeconds(30)));
    assertEquals(List.of(1, 2, 3), handled, "the worker took the lease at its next try and delivered");
  }
}
