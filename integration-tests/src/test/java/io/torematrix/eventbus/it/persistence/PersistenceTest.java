package io.torematrix.eventbus.it.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.Cursor;
import io.torematrix.eventbus.EventHistory;
import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.EventStoreException;
import io.torematrix.eventbus.EventStores;
import io.torematrix.eventbus.ExpectedVersion;
import io.torematrix.eventbus.Folded;
import io.torematrix.eventbus.PublishOptions;
import io.torematrix.eventbus.PublishResult;
import io.torematrix.eventbus.ReplayResult;
import io.torematrix.eventbus.StoredEvent;
import io.torematrix.eventbus.WrongExpectedVersionException;
import io.torematrix.eventbus.annotation.Priority;
import io.torematrix.eventbus.annotation.Subscribe;
import io.torematrix.eventbus.codec.Upcaster;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.EventStore;
import io.torematrix.eventbus.spi.SubscriptionStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The bus with a store: write-ahead publishing, streams, queries, replay, folds and upcasting. */
class PersistenceTest {

  private static EventBus busOn(EventStore store) {
    return EventBus.builder().directExecution().store(store).build();
  }

  @Test
  void publishedEventsAreStoredWithTheirContextAndReadBackInOrder() {
    EventStore store = EventStores.inMemory();
    try (EventBus bus = busOn(store)) {
      PublishResult first = bus.publish(new Counter.Added("c1", 2)).toCompletableFuture().join();
      bus.publish(new Counter.Reset("c1"), "counters.special");

      List<StoredEvent> stored = bus.history().query(EventQuery.all()).toCompletableFuture().join();

      assertEquals(2, stored.size());
      assertEquals(new Counter.Added("c1", 2), stored.get(0).event());
      assertEquals(1, stored.get(0).position());
      assertEquals(first.context().eventId(), stored.get(0).context().eventId());
      assertEquals("counter.added", stored.get(0).context().typeName());
      assertEquals("counters.special", stored.get(1).context().topic());
      assertFalse(stored.get(0).context().isReplay());
    }
  }

  @Test
  void getEventsFiltersByTypeInTheStoreAndByPredicateInJava() {
    try (EventBus bus = busOn(EventStores.inMemory())) {
      bus.publish(new Counter.Added("c1", 2));
      bus.publish(new Counter.Added("c2", 5));
      bus.publish(new Counter.Reset("c1"));

      List<Counter.Added> big =
          bus.getEvents(Counter.Added.class, a -> a.amount() > 3).toCompletableFuture().join();
      List<Counter> ofC1 =
          bus.getEvents(Counter.class, c -> c.counterId().equals("c1")).toCompletableFuture().join();
      List<Object> resets =
          bus.getEvents(e -> e instanceof Counter.Reset).toCompletableFuture().join();

      assertEquals(List.of(new Counter.Added("c2", 5)), big);
      assertEquals(List.of(new Counter.Added("c1", 2), new Counter.Reset("c1")), ofC1);
      assertEquals(List.of(new Counter.Reset("c1")), resets);
    }
  }

  @Test
  void aStreamFoldsIntoStateAndAConcurrentWriterLoses() {
    try (EventBus bus = busOn(EventStores.inMemory())) {
      PublishOptions newStream = PublishOptions.defaults().streamId("c1", ExpectedVersion.noStream());
      bus.publish(new Counter.Added("c1", 2), newStream).toCompletableFuture().join();
      bus.publish(
              new Counter.Added("c1", 3),
              PublishOptions.defaults().streamId("c1", ExpectedVersion.exactly(1)))
          .toCompletableFuture()
          .join();

      Folded<Integer> total =
          bus.history().fold("c1", Counter.class, 0, Counter::apply).toCompletableFuture().join();
      assertEquals(new Folded<>(5, 2), total);

      List<Integer> handled = new CopyOnWriteArrayList<>();
      bus.subscribe(Counter.Added.class, a -> handled.add(a.amount()));
      CompletableFuture<PublishResult> stale =
          bus.publish(
                  new Counter.Added("c1", 100),
                  PublishOptions.defaults().streamId("c1", ExpectedVersion.exactly(1)))
              .toCompletableFuture();
      ExecutionException e = assertThrows(ExecutionException.class, () -> stale.get(5, TimeUnit.SECONDS));
      assertInstanceOf(WrongExpectedVersionException.class, e.getCause());
      assertEquals(
          "stream \"c1\" is at version 2 but the writer expected version 1; nothing was appended."
              + " Another writer appended first: read the stream again and retry.",
          e.getCause().getMessage());
      assertEquals(List.of(), handled, "no handler saw the rejected event");
      assertEquals(new Folded<>(5, 2), bus.history().fold("c1", Counter.class, 0, Counter::apply).toCompletableFuture().join());
    }
  }

  static class Tally {
    final List<String> seen = new CopyOnWriteArrayList<>();

    @Subscribe(priority = Priority.DEFERRED)
    void added(Counter.Added added, EventContext context) {
      seen.add(added.counterId() + "+" + added.amount() + (context.isReplay() ? " (replay)" : ""));
    }

    @Subscribe(topics = "counters.reset")
    void reset(Counter.Reset reset) {
      seen.add(reset.counterId() + " reset");
    }
  }

  @Test
  void replayReDeliversStoredEventsToAListenerMarkedAsReplays() {
    try (EventBus bus = busOn(EventStores.inMemory())) {
      bus.publish(new Counter.Added("c1", 1));
      bus.publish(new Counter.Reset("c1"));
      bus.publish(new Counter.Reset("c1"), "counters.elsewhere");
      bus.publish(new Counter.Added("c2", 4));

      Tally tally = new Tally();
      ReplayResult result = bus.history().replay(EventQuery.all(), tally).toCompletableFuture().join();

      assertEquals(List.of("c1+1 (replay)", "c1 reset", "c2+4 (replay)"), tally.seen);
      assertEquals(4, result.events());
      assertEquals(3, result.delivered());

      List<String> ids = new CopyOnWriteArrayList<>();
      long count =
          bus.history().replay(EventQuery.all().types("counter.reset"), s -> ids.add(s.context().topic()))
              .toCompletableFuture()
              .join();
      assertEquals(2, count);
      assertEquals(List.of("counters.reset", "counters.elsewhere"), ids);
    }
  }

  /** A store that fails every append, as a database that went away would. */
  static final class BrokenStore implements EventStore {
    @Override
    public List<EventRecord> append(String streamId, ExpectedVersion expected, List<EventRecord> records) {
      throw new EventStoreException("cannot reach the database: connection refused");
    }

    @Override
    public List<EventRecord> read(EventQuery query) {
      throw new EventStoreException("cannot reach the database: connection refused");
    }

    @Override
    public Cursor head() {
      throw new EventStoreException("cannot reach the database: connection refused");
    }

    @Override
    public SubscriptionStore subscriptions() {
      throw new EventStoreException("cannot reach the database: connection refused");
    }

    @Override
    public void close() {}
  }

  @Test
  void whenTheStoreFailsThePublishFailsAndNoHandlerSeesTheEvent() {
    List<Object> handled = new CopyOnWriteArrayList<>();
    try (EventBus bus = busOn(new BrokenStore())) {
      bus.subscribe(Counter.Added.class, handled::add);

      CompletableFuture<PublishResult> stage =
          bus.publish(new Counter.Added("c1", 1)).toCompletableFuture();

      CompletionException e = assertThrows(CompletionException.class, stage::join);
      assertInstanceOf(EventStoreException.class, e.getCause());
      assertEquals("cannot reach the database: connection refused", e.getCause().getMessage());
      assertEquals(0, bus.metrics().total().published(), "a refused event is not counted as published");
    }
    assertEquals(List.of(), handled);
  }

  private static EventRecord raw(long position, String type, int version, String json) {
    return new EventRecord(
        position,
        UUID.randomUUID(),
        null,
        0,
        type,
        version,
        "raw.topic",
        Instant.parse("2026-01-01T00:00:00Z"),
        UUID.randomUUID(),
        null,
        Map.of(),
        json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void olderVersionsAreUpcastOnRead() {
    EventStore store = EventStores.inMemory();
    store.append(null, ExpectedVersion.any(), List.of(raw(0, "counter.added", 1, "{\"counterId\":\"c9\",\"by\":7}")));
    try (EventBus bus =
        EventBus.builder()
            .directExecution()
            .store(store)
            .upcaster(
                Upcaster.of(
                    "counter.added",
                    1,
                    json -> {
                      json.put("amount", json.remove("by"));
                      return json;
                    }))
            .build()) {
      StoredEvent read = bus.history().query(EventQuery.all()).toCompletableFuture().join().get(0);
      assertEquals(new Counter.Added("c9", 7), read.event());
      assertEquals(1, read.context().typeVersion(), "the context tells the version it was stored with");
    }
  }

  @Test
  void unreadableStoredEventsAreReportedWithTheirPosition() {
    EventStore store = EventStores.inMemory();
    store.append(
        null,
        ExpectedVersion.any(),
        List.of(
            raw(0, "counter.renamed-away", 1, "{}"),
            raw(0, "counter.reset", 7, "{\"counterId\":\"x\"}"),
            raw(0, "counter.reset", 1, "{\"counterId\":"),
            raw(0, "counter.added", 1, "{\"counterId\":\"c\",\"by\":1}")));
    try (EventBus bus = busOn(store)) {
      assertEquals(
          "the stored event at position 1 has type \"counter.renamed-away\", which no @Event type of"
              + " this application is named: it was renamed or removed, or its module is missing"
              + " from the class path",
          failure(bus, EventQuery.all().limit(1)));
      assertEquals(
          "the stored event at position 2 is version 7 of counter.reset, newer than version 1 that"
              + " this code knows: run a newer version of the application to read it",
          failure(bus, EventQuery.all().after(Cursor.ofPosition(1)).limit(1)));
      assertTrue(
          failure(bus, EventQuery.all().after(Cursor.ofPosition(2)).limit(1))
              .startsWith("the stored event at position 3 (counter.reset v1, id "),
          "a corrupt payload names its position");
      assertTrue(
          failure(bus, EventQuery.all().after(Cursor.ofPosition(3)))
              .endsWith("no upcaster converts counter.added from version 1 to 2: register one with"
                  + " EventBus.builder().upcaster(Upcaster.of(\"counter.added\", 1, json -> ...))"));
    }
  }

  private static String failure(EventBus bus, EventQuery query) {
    CompletionException e =
        assertThrows(CompletionException.class, () -> bus.history().query(query).toCompletableFuture().join());
    assertInstanceOf(EventStoreException.class, e.getCause());
    return e.getCause().getMessage();
  }

  @Test
  void aBusWithoutAStoreHasNoHistoryAndSaysHowToGetOne() {
    try (EventBus bus = EventBus.create()) {
      IllegalStateException e = assertThrows(IllegalStateException.class, bus::history);
      assertEquals(
          "the bus has no store, so no history: configure one with EventBus.builder().store(...)",
          e.getMessage());
      IllegalStateException convenience =
          assertThrows(IllegalStateException.class, () -> bus.getEvents(event -> true));
      assertEquals(e.getMessage(), convenience.getMessage());
    }
  }

  @Test
  void readingTheHistoryOfAClosedBusIsRefusedClearly() {
    for (EventBus bus :
        List.of(
            EventBus.builder().store(EventStores.inMemory()).build(),
            EventBus.builder().store(EventStores.inMemory()).executor(Runnable::run).build(),
            busOn(EventStores.inMemory()))) {
      bus.publish(new Counter.Added("c1", 1)).toCompletableFuture().join();
      EventHistory history = bus.history();
      bus.close();

      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> history.query(EventQuery.all()));
      assertEquals("the bus is closed: cannot read its history", e.getMessage());
      assertThrows(IllegalStateException.class, () -> bus.getEvents(event -> true));
    }
  }

  @Test
  void aReadStillQueuedWhenTheCloseTimesOutFailsInsteadOfHanging() throws Exception {
    int threads = Runtime.getRuntime().availableProcessors();
    CountDownLatch running = new CountDownLatch(threads);
    CountDownLatch release = new CountDownLatch(1);
    EventBus bus =
        EventBus.builder()
            .store(EventStores.inMemory())
            .closeTimeout(Duration.ofMillis(100))
            .errorHandler(failure -> {})
            .build();
    bus.subscribe(
        Counter.Added.class,
        added -> {
          running.countDown();
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
          }
        });
    for (int i = 0; i < threads; i++) {
      bus.publish(new Counter.Added("c1", i));
    }
    assertTrue(running.await(10, TimeUnit.SECONDS), "every NORMAL thread is busy");
    CompletableFuture<List<StoredEvent>> read =
        bus.history().query(EventQuery.all()).toCompletableFuture();

    bus.close();
    release.countDown();

    ExecutionException e = assertThrows(ExecutionException.class, () -> read.get(10, TimeUnit.SECONDS));
    assertInstanceOf(IllegalStateException.class, e.getCause());
    assertEquals(
        "the bus closed before this read of its history started", e.getCause().getMessage());
  }
}
