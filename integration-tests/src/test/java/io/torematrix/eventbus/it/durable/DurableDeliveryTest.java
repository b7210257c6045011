package io.torematrix.eventbus.it.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.DeadEvent;
import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.EventStores;
import io.torematrix.eventbus.PublishResult;
import io.torematrix.eventbus.StoredEvent;
import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.Subscription;
import io.torematrix.eventbus.annotation.DurableStart;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Delivery of durable subscriptions on the in-memory store: store order, start at the head or the
 * beginning, catch-up then live without gap or duplicate, resuming after the checkpoint, async
 * handlers awaited, and what publish, drain and close see of them.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DurableDeliveryTest {

  /** What a durable handler saw: the event's number, and on which thread. */
  record Seen(int number, String thread) {}

  static SubscribeOptions<Item.Added> durable(String name) {
    return SubscribeOptions.<Item.Added>defaults().durable(name);
  }

  private static void publish(EventBus bus, int from, int to) {
    for (int i = from; i <= to; i++) {
      bus.publish(new Item.Added("l", i)).toCompletableFuture().join();
    }
  }

  private static List<Integer> numbers(List<Seen> seen) {
    return seen.stream().map(Seen::number).toList();
  }

  private static List<Integer> range(int from, int to) {
    List<Integer> numbers = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      numbers.add(i);
    }
    return numbers;
  }

  @Test
  void aSubscriptionStartingAtTheBeginningReceivesTheStoredEventsInStoreOrderThenTheNewOnes()
      throws Exception {
    try (EventBus bus = EventBus.builder().store(EventStores.inMemory()).build()) {
      publish(bus, 1, 20);
      bus.publish(new Item.Note("not an item")).toCompletableFuture().join();
      Recorder recorder = new Recorder();
      bus.subscribeAsync(
          Item.Added.class,
          recorder::asyncAccept,
          durable("from-the-beginning").startAt(DurableStart.BEGINNING));
      assertTrue(bus.drain(Duration.ofSeconds(30)));
      publish(bus, 21, 25);
      assertTrue(bus.drain(Duration.ofSeconds(30)));

      assertEquals(range(1, 25), recorder.numbers());
      assertTrue(
          recorder.seen.stream().allMatch(s -> s.thread().matches("torematrix-eventbus-\\d+-durable-from-the-beginning")),
          () -> "on the subscription's own thread: " + recorder.seen);
    }
  }

  @Test
  void aSubscriptionStartingAtTheHeadReceivesOnlyEventsPublishedAfterSubscribeReturned()
      throws Exception {
    try (EventBus bus = EventBus.builder().store(EventStores.inMemory()).build()) {
      publish(bus, 1, 5);
      Recorder recorder = new Recorder();
      bus.subscribeAsync(Item.Added.class, recorder::asyncAccept, durable("from-the-head"));
      publish(bus, 6, 10);
      assertTrue(bus.drain(Duration.ofSeconds(30)));

      assertEquals(range(6, 10), recorder.numbers());
    }
  }

  @Test
  void catchingUpSwitchesToLiveDeliveryWithoutAGapOrADuplicate() throws Exception {
    try (EventBus bus = EventBus.builder().store(EventStores.inMemory()).build()) {
      publish(bus, 1, 3000);
      Recorder recorder = new Recorder();
      Thread publisher = new Thread(() -> publish(bus, 3001, 6000));
      publisher.start();
      bus.subscribeAsync(
          Item.Added.class, recorder::asyncAccept, durable("switching").startAt(DurableStart.BEGINNING));
      publisher.join();
      assertTrue(bus.drain(Duration.ofSeconds(30)));

      List<Integer> storeOrder =
          bus.history().query(EventQuery.all().types("durable-test.item-added")).toCompletableFuture().join()
              .stream()
              .map(stored -> ((Item.Added) stored.event()).number())
              .toList();
      assertEquals(6000, storeOrder.size());
      assertEquals(storeOrder, recorder.numbers(), "every stored event once, in store order");
    }
  }

  @Test
  void aSubscriptionClosedAndMadeAgainResumesAfterItsCheckpoint() throws Exception {
    try (EventBus bus = EventBus.builder().store(EventStores.inMemory()).build()) {
      Recorder first = new Recorder();
      Subscription subscription =
          bus.subscribeAsync(Item.Added.class, first::asyncAccept, durable("resuming"));
      publish(bus, 1, 7);
      assertTrue(bus.drain(Duration.ofSeconds(30)));
      subscription.close();
      publish(bus, 8, 12);

      Recorder second = new Recorder();
      bus.subscribeAsync(
          Item.Added.class, second::asyncAccept, durable("resuming").startAt(DurableStart.BEGINNING));
      assertTrue(bus.drain(Duration.ofSeconds(30)));

      assertEquals(range(1, 7), first.numbers());
      assertEquals(range(8, 12), second.numbers(), "the checkpoint wins over startAt");
    }
  }

  @Test
  void theNextEventWaitsForTheStageOfAnAsynchronousHandler() throws Exception {
    try (EventBus bus = EventBus.builder().store(EventStores.inMemory()).build()) {
      List<Integer> started = new CopyOnWriteArrayList<>();
      CompletableFuture<Void> first = new CompletableFuture<>();
      CountDownLatch firstStarted = new CountDownLatch(1);
      bus.subscribeAsync(
          Item.Added.class,
          added -> {
            started.add(added.number());
            if (added.number() == 1) {
              firstStarted.countDown();
              return first;
            }
            return CompletableFuture.completedFuture(null);
          },
          durable("awaiting"));
      publish(bus, 1, 3);
      assertTrue(firstStarted.await(30, TimeUnit.SECONDS));
      assertFalse(bus.drain(Duration.ofMillis(200)), "the first stage is still pending");
      assertEquals(List.of(1), started);

      first.complete(null);
      assertTrue(bus.drain(Duration.ofSeconds(30)));
      assertEquals(List.of(1, 2, 3), started);
    }
  }

  @Test
  void anEventOnlyADurableSubscriptionReceivesIsNotDeadAndCountsAsReceivedLater() throws Exception {
    try (EventBus bus = EventBus.builder().store(EventStores.inMemory()).build()) {
      List<DeadEvent> dead = new CopyOnWriteArrayList<>();
      bus.subscribe(DeadEvent.class, dead::add);
      bus.subscribe(Item.Added.class, added -> {}, durable("the-only-one"));

      PublishResult result = bus.publish(new Item.Added("l", 1)).toCompletableFuture().join();
      assertTrue(bus.drain(Duration.ofSeconds(30)));

      assertFalse(result.isDead());
      assertEquals(1, result.deferred());
      assertEquals(List.of(), dead);
    }
  }

  @Test
  void eventsADurableHandlerPublishesAreCausedByTheEventItHandles() throws Exception {
    try (EventBus bus = EventBus.builder().store(EventStores.inMemory()).build()) {
      AtomicReference<PublishResult> note = new AtomicReference<>();
      bus.subscribe(
          Item.Added.class,
          added -> note.set(bus.publish(new Item.Note("after " + added.number())).toCompletableFuture().join()),
          durable("publishing"));
      PublishResult added = bus.publish(new Item.Added("l", 1)).toCompletableFuture().join();
      assertTrue(bus.drain(Duration.ofSeconds(30)));

      assertEquals(added.context().eventId(), note.get().context().causationId().orElseThrow());
      assertEquals(added.context().correlationId(), note.get().context().correlationId());
    }
  }

  @Test
  void drainCalledFromADurableHandlerFailsAtOnceInsteadOfWaitingForItself() throws Exception {
    try (EventBus bus = EventBus.builder().store(EventStores.inMemory()).build()) {
      CompletableFuture<Throwable> fromHandler = new CompletableFuture<>();
      bus.subscribe(
          Item.Added.class,
          added -> {
            try {
              fromHandler.complete(
                  new AssertionError("drain returned " + bus.drain(Duration.ofDays(365))));
            } catch (Throwable refused) {
              fromHandler.complete(refused);
            }
          },
          durable("draining"));
      publish(bus, 1, 1);

      Throwable refused = fromHandler.get(30, TimeUnit.SECONDS);
      assertEquals(IllegalStateException.class, refused.getClass(), () -> refused.toString());
      assertEquals(
          "drain() was called from inside the handler of durable subscription \"draining\", and"
              + " would wait for that handler to finish; drain the bus from outside its durable"
              + " handlers",
          refused.getMessage());
      assertTrue(bus.drain(Duration.ofSeconds(30)), "the subscription goes on");
    }
  }

  @Test
  void theLagIsCountedFromTheSavedCheckpointAsTheStoreReportsIt() throws Exception {
    KeptStore store = new KeptStore(EventStores.inMemory());
    try (EventBus bus = EventBus.builder().store(store).build()) {
      CountDownLatch inThird = new CountDownLatch(1);
      CountDownLatch finish = new CountDownLatch(1);
      bus.subscribe(
          Item.Added.class,
          added -> {
            if (added.number() == 3) {
              inThird.countDown();
              await(finish);
            }
          },
          durable("lagging"));
      publish(bus, 1, 5);
      try {
        assertTrue(inThird.await(30, TimeUnit.SECONDS));
        var status = bus.durable().status("lagging").orElseThrow();
        var state = store.state("lagging");

        // the worker may have read events 1 and 2 alone, caught up with the head, and saved there
        // before 3 to 5 were stored: the lag counts from whatever checkpoint it saved
        long savedThrough =
            store.read(EventQuery.all()).stream()
                .filter(stored -> !stored.cursor().isAfter(state.checkpoint()))
                .count();
        assertEquals(state.checkpoint(), status.checkpoint(), "the saved checkpoint");
        assertTrue(savedThrough <= 2, "nothing saved beyond the two handled: " + savedThrough);
        assertEquals(5 - savedThrough, status.lag(), "the events after the saved checkpoint");
        assertEquals(state.lag(store.head()), status.lag(), "what every reader of the store sees");
      } finally {
        finish.countDown();
      }
      assertTrue(bus.drain(Duration.ofSeconds(30)));
      assertEquals(0, bus.durable().status("lagging").orElseThrow().lag());
    }
  }

  @Test
  void closeCalledFromADurableHandlerIsRefusedAlsoForAnEventAnEarlierBusStored() throws Exception {
    KeptStore store = new KeptStore(EventStores.inMemory());
    try (EventBus earlier = EventBus.builder().store(store).build()) {
      publish(earlier, 1, 1);
    }
    EventBus bus = EventBus.builder().store(store).build();
    CompletableFuture<Throwable> fromHandler = new CompletableFuture<>();
    bus.subscribe(
        Item.Added.class,
        added -> {
          try {
            bus.close();
            fromHandler.complete(new AssertionError("close() returned"));
          } catch (Throwable refused) {
            fromHandler.complete(refused);
          }
        },
        durable("closing-itself").startAt(DurableStart.BEGINNING));

    Throwable refused = fromHandler.get(30, TimeUnit.SECONDS);
    assertEquals(IllegalStateException.class, refused.getClass(), () -> refused.toString());
    assertEquals(
        "close() was called from inside the handler of durable subscription \"closing-itself\", and"
            + " would wait for that handler to finish; close the bus from outside its durable"
            + " handlers",
        refused.getMessage());
    assertFalse(bus.isClosed());
    assertTrue(bus.drain(Duration.ofSeconds(30)));
    bus.close();
    assertEquals(store.head(), store.state("closing-itself").checkpoint(), "saved by close");
    assertTrue(store.state("closing-itself").owner().isEmpty(), "the lease is released");
    store.store.close();
  }

  @Test
  void closeStopsAfterTheEventInProgressSavesTheCheckpointAndReleasesTheLease() throws Exception {
    KeptStore store = new KeptStore(EventStores.inMemory());
    EventBus bus = EventBus.builder().store(store).build();
    CountDownLatch inProgress = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    List<Integer> handled = new CopyOnWriteArrayList<>();
    bus.subscribe(
        Item.Added.class,
        added -> {
          if (added.number() == 3) {
            inProgress.countDown();
            await(finish);
          }
          handled.add(added.number());
        },
        durable("closing"));
    publish(bus, 1, 5);
    assertTrue(inProgress.await(30, TimeUnit.SECONDS));
    Thread closer = new Thread(bus::close);
    closer.start();
    while (!bus.isClosed()) {
      Thread.onSpinWait();
    }
    finish.countDown();
    closer.join();

    assertEquals(List.of(1, 2, 3), handled, "nothing after the event in progress");
    StoredEvent third =
        EventBus.builder().store(store).build().history()
            .query(EventQuery.all().types("durable-test.item-added"))
            .toCompletableFuture().join().get(2);
    assertEquals(third.cursor(), store.state("closing").checkpoint());
    assertTrue(store.state("closing").owner().isEmpty(), "the lease is released");
    store.store.close();
  }

  @Test
  void closeEndsTheWorkerAndTheLeaseThreadOfTheBus() throws Exception {
    EventBus bus = EventBus.builder().store(EventStores.inMemory()).build();
    AtomicReference<Thread> worker = new AtomicReference<>();
    bus.subscribe(Item.Added.class, added -> worker.set(Thread.currentThread()), durable("threads"));
    publish(bus, 1, 1);
    assertTrue(bus.drain(Duration.ofSeconds(30)));
    String busPrefix = worker.get().getName().replaceAll("-durable-threads$", "");
    List<Thread> leases =
        Thread.getAllStackTraces().keySet().stream()
            .filter(thread -> thread.getName().equals(busPrefix + "-leases"))
            .toList();
    assertEquals(1, leases.size(), "one lease thread for the bus");

    bus.close();
    worker.get().join(TimeUnit.SECONDS.toMillis(30));
    leases.get(0).join(TimeUnit.SECONDS.toMillis(30));
    assertFalse(worker.get().isAlive());
    assertFalse(leases.get(0).isAlive());
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(30, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Records what an asynchronous durable handler receives, completing each stage at once. */
  static final class Recorder {
    final List<Seen> seen = new CopyOnWriteArrayList<>();

    CompletableFuture<Void> asyncAccept(Item.Added added) {
      seen.add(new Seen(added.number(), Thread.currentThread().getName()));
      return CompletableFuture.completedFuture(null);
    }

    List<Integer> numbers() {
      return DurableDeliveryTest.numbers(seen);
    }
  }
}
