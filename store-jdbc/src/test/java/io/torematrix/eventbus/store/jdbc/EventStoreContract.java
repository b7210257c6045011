package io.torematrix.eventbus.store.jdbc;

import static io.torematrix.eventbus.store.jdbc.Records.payload;
import static io.torematrix.eventbus.store.jdbc.Records.record;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.Cursor;
import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.EventStoreException;
import io.torematrix.eventbus.ExpectedVersion;
import io.torematrix.eventbus.WrongExpectedVersionException;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.EventStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link EventStore} promises, run unchanged against the in-memory, SQLite and
 * PostgreSQL stores by the subclasses; with it, what every {@link
 * io.torematrix.eventbus.spi.SubscriptionStore} promises ({@link SubscriptionStoreContract}).
 *
 * <p>On PostgreSQL an appended event becomes visible to reads once every transaction older than
 * its own has ended, in any database of the server. So that a transaction another test (or
 * anyone) holds open on the server cannot fail these tests, {@link #store} waits after each
 * append, for at most {@link Visibility#WAIT}, until the store's head has reached what it
 * appended; on the other stores that is at once.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class EventStoreContract implements SubscriptionStoreContract {
  protected EventStore store;

  /** A new, empty store. */
  protected abstract EventStore newStore() throws Exception;

  /** Removes what the test left, after the store is closed: tables, schemas, pools. */
  protected void cleanUp() {}

  @BeforeEach
  void open() throws Exception {
    store = Visibility.awaitingAppends(newStore());
  }

  @Override
  public EventStore store() {
    return store;
  }

  @AfterEach
  void close() {
    try {
      if (store != null) {
        store.close();
      }
    } finally {
      cleanUp();
    }
  }

  @Test
  void appendedRecordsGetIncreasingPositionsAndReadBackIntact() {
    EventRecord first = record("order.placed", "orders.eu", "{\"n\":1}");
    EventRecord second = record("order.shipped", "orders.eu", "{\"n\":2}");

    List<EventRecord> stored = store.append(null, ExpectedVersion.any(), List.of(first, second));

    assertEquals(2, stored.size());
    assertTrue(stored.get(0).position() >= 1);
    assertEquals(stored.get(0).position() + 1, stored.get(1).position());
    List<EventRecord> read = store.read(EventQuery.all());
    assertEquals(2, read.size());
    EventRecord back = read.get(0);
    assertEquals(stored.get(0).position(), back.position());
    assertEquals(first.eventId(), back.eventId());
    assertEquals(first.typeName(), back.typeName());
    assertEquals(first.typeVersion(), back.typeVersion());
    assertEquals(first.topic(), back.topic());
    assertEquals(first.timestamp(), back.timestamp(), "nanosecond precision is kept");
    assertEquals(first.correlationId(), back.correlationId());
    assertEquals(first.headers(), back.headers());
    assertArrayEquals(first.payload(), back.payload());
  }

  @Test
  void readingAfterEachLastCursorPagesThroughEverythingInOrder() {
    List<EventRecord> batch = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      batch.add(record("tick", "ticks", "{\"i\":" + i + "}"));
    }
    store.append(null, ExpectedVersion.any(), batch);

    List<String> payloads = new ArrayList<>();
    Cursor after = Cursor.START;
    while (true) {
      List<EventRecord> page = store.read(EventQuery.all().after(after).limit(10));
      if (page.isEmpty()) {
        break;
      }
      page.forEach(r -> payloads.add(payload(r)));
      after = page.get(page.size() - 1).cursor();
    }

    assertEquals(25, payloads.size());
    assertEquals("{\"i\":0}", payloads.get(0));
    assertEquals("{\"i\":24}", payloads.get(24));
  }

  @Test
  void appendingAnEventIdTwiceStoresItOnce() {
    EventRecord record = record("order.placed", "orders", "{}");
    EventRecord first = store.append(null, ExpectedVersion.any(), List.of(record)).get(0);

    List<EventRecord> again =
        store.append(null, ExpectedVersion.any(), List.of(record, record("order.placed", "orders", "{}")));

    assertEquals(first.position(), again.get(0).position(), "the stored record is returned");
    assertEquals(2, store.read(EventQuery.all()).size());
  }

  @Test
  void appendIfAbsentStoresANewEventIdAndSaysSo() {
    EventRecord record = record("order.placed", "orders", "{\"i\":1}");

    Optional<EventRecord> stored = store.appendIfAbsent(record);

    assertTrue(stored.isPresent(), "a new id is stored");
    assertEquals(record.eventId(), stored.get().eventId());
    assertTrue(stored.get().position() > 0, "with its position");
    List<EventRecord> read = store.read(EventQuery.all());
    assertEquals(1, read.size());
    assertEquals(stored.get().cursor(), read.get(0).cursor());
    assertEquals("{\"i\":1}", payload(read.get(0)));
  }

  @Test
  void appendIfAbsentOfAStoredEventIdWritesNothingAndReturnsEmpty() {
    EventRecord record = record("order.placed", "orders", "{}");
    store.append(null, ExpectedVersion.any(), List.of(record));
    Cursor head = store.head();

    Optional<EventRecord> again = store.appendIfAbsent(record);

    assertTrue(again.isEmpty(), "an id stored by append is found");
    assertTrue(store.appendIfAbsent(record("order.placed", "orders", "{}")).isPresent());
    assertEquals(2, store.read(EventQuery.all()).size());
    assertTrue(store.head().isAfter(head));
    assertTrue(store.appendIfAbsent(record).isEmpty(), "and stays found");
  }

  @Test
  void writersRacingToAppendIfAbsentOneEventIdStoreItOnceAndExactlyOneIsTold() throws Exception {
    EventRecord shared = record("order.placed", "orders", "{}");
    int writers = 8;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<Future<Optional<EventRecord>>> outcomes = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      outcomes.add(
          pool.submit(
              () -> {
                go.await();
                return store.appendIfAbsent(shared);
              }));
    }
    go.countDown();
    int told = 0;
    try {
      for (Future<Optional<EventRecord>> outcome : outcomes) {
        if (outcome.get(30, TimeUnit.SECONDS).isPresent()) {
          told++;
        }
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, told, "exactly one writer stored it");
    assertEquals(1, store.read(EventQuery.all()).size());
  }

  @Test
  void writersRacingToAppendOneEventIdStoreItOnceAndAllGetTheStoredRecord() throws Exception {
    EventRecord shared = record("order.placed", "orders", "{}");
    int writers = 8;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<Future<EventRecord>> outcomes = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      outcomes.add(
          pool.submit(
              () -> {
                go.await();
                return store
                    .append(null, ExpectedVersion.any(), List.of(record("tick", "t", "{}"), shared))
                    .get(1);
              }));
    }
    go.countDown();
    List<Long> positions = new ArrayList<>();
    for (Future<EventRecord> outcome : outcomes) {
      positions.add(outcome.get(30, TimeUnit.SECONDS).position());
    }
    pool.shutdown();

    assertEquals(1, positions.stream().distinct().count(), "every writer gets the one stored record");
    assertEquals(1, store.read(EventQuery.all().types("order.placed")).size());
    assertEquals(writers, store.read(EventQuery.all().types("tick")).size(), "the other events are all stored");
  }

  @Test
  void streamsVersionTheirEventsAndCheckTheExpectedVersion() {
    List<EventRecord> created =
        store.append(
            "acc-1",
            ExpectedVersion.noStream(),
            List.of(record("account.opened", "accounts", "{}"), record("account.deposited", "accounts", "{}")));
    assertEquals(List.of(1L, 2L), created.stream().map(EventRecord::streamVersion).toList());
    assertEquals("acc-1", created.get(0).streamId());

    store.append("acc-1", ExpectedVersion.exactly(2), List.of(record("account.deposited", "accounts", "{}")));
    store.append("acc-1", ExpectedVersion.any(), List.of(record("account.deposited", "accounts", "{}")));

    WrongExpectedVersionException stale =
        assertThrows(
            WrongExpectedVersionException.class,
            () -> store.append("acc-1", ExpectedVersion.exactly(2), List.of(record("x", "x", "{}"))));
    assertEquals("acc-1", stale.streamId());
    assertEquals(4, stale.actual());
    assertEquals(
        "stream \"acc-1\" is at version 4 but the writer expected version 2; nothing was appended."
            + " Another writer appended first: read the stream again and retry.",
        stale.getMessage());
    WrongExpectedVersionException exists =
        assertThrows(
            WrongExpectedVersionException.class,
            () -> store.append("acc-1", ExpectedVersion.noStream(), List.of(record("x", "x", "{}"))));
    assertEquals(4, exists.actual());
    WrongExpectedVersionException missing =
        assertThrows(
            WrongExpectedVersionException.class,
            () -> store.append("acc-2", ExpectedVersion.exactly(3), List.of(record("x", "x", "{}"))));
    assertEquals(
        "stream \"acc-2\" is at no version (it does not exist) but the writer expected version 3;"
            + " nothing was appended. Another writer appended first: read the stream again and retry.",
        missing.getMessage());

    List<EventRecord> stream = store.read(EventQuery.all().streamId("acc-1"));
    assertEquals(List.of(1L, 2L, 3L, 4L), stream.stream().map(EventRecord::streamVersion).toList());
  }

  @Test
  void aRejectedBatchStoresNothing() {
    store.append("acc-1", ExpectedVersion.noStream(), List.of(record("a", "t", "{}")));

    assertThrows(
        WrongExpectedVersionException.class,
        () ->
            store.append(
                "acc-1",
                ExpectedVersion.noStream(),
                List.of(record("b", "t", "{}"), record("c", "t", "{}"), record("d", "t", "{}"))));

    assertEquals(1, store.read(EventQuery.all()).size());
  }

  @Test
  void twoWritersRacingForOneStreamVersionHaveExactlyOneWinner() throws Exception {
    store.append("race", ExpectedVersion.noStream(), List.of(record("start", "t", "{}")));
    int writers = 8;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<Future<Boolean>> outcomes = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      int writer = i;
      Callable<Boolean> attempt =
          () -> {
            go.await();
            try {
              store.append(
                  "race",
                  ExpectedVersion.exactly(1),
                  List.of(record("move", "t", "{\"writer\":" + writer + "}")));
              return true;
            } catch (WrongExpectedVersionException lost) {
              return false;
            }
          };
      outcomes.add(pool.submit(attempt));
    }
    go.countDown();
    int winners = 0;
    for (Future<Boolean> outcome : outcomes) {
      winners += outcome.get(30, TimeUnit.SECONDS) ? 1 : 0;
    }
    pool.shutdown();

    assertEquals(1, winners);
    assertEquals(2, store.read(EventQuery.all().streamId("race")).size());
  }

  @Test
  void concurrentAppendsAreAllStoredAndReadInAnIncreasingOrder() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      done.add(
          pool.submit(
              () -> {
                for (int i = 0; i < 50; i++) {
                  store.append(null, ExpectedVersion.any(), List.of(record("tick", "ticks", "{}")));
                }
              }));
    }
    for (Future<?> future : done) {
      future.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();

    List<EventRecord> all = store.read(EventQuery.all());
    assertEquals(200, all.size());
    for (int i = 1; i < all.size(); i++) {
      assertTrue(all.get(i).position() > all.get(i - 1).position());
    }
  }

  @Test
  void queriesSelectByTypeTopicStreamTimeAndCorrelation() {
    UUID flow = UUID.randomUUID();
    Instant noon = Instant.parse("2026-06-01T12:00:00Z");
    store.append(
        null,
        ExpectedVersion.any(),
        List.of(
            record("order.placed", "orders.eu.placed", "{\"n\":1}", noon, flow),
            record("order.placed", "orders.us.placed", "{\"n\":2}", noon.plusSeconds(60), UUID.randomUUID()),
            record("order.shipped", "orders.eu.shipped", "{\"n\":3}", noon.plusSeconds(120), flow),
            record("user.joined", "users", "{\"n\":4}", noon.plusSeconds(180), UUID.randomUUID())));
    store.append("s-1", ExpectedVersion.any(), List.of(record("order.placed", "orders.eu.placed.late", "{\"n\":5}")));

    assertEquals(List.of(1, 2, 5), numbers(EventQuery.all().types("order.placed")));
    assertEquals(List.of(1, 2, 3, 5), numbers(EventQuery.all().types("order.placed", "order.shipped")));
    assertEquals(List.of(1, 3), numbers(EventQuery.all().topic("orders.eu.*")));
    assertEquals(List.of(1, 3, 5), numbers(EventQuery.all().topic("orders.eu.>")));
    assertEquals(List.of(1, 2), numbers(EventQuery.all().topic("orders.*.placed")));
    assertEquals(List.of(4), numbers(EventQuery.all().topic("users")));
    assertEquals(List.of(), numbers(EventQuery.all().topic("users.>")));
    assertEquals(List.of(5), numbers(EventQuery.all().streamId("s-1")));
    assertEquals(List.of(2, 3), numbers(EventQuery.all().from(noon.plusSeconds(60)).until(noon.plusSeconds(121))));
    assertEquals(List.of(1, 3), numbers(EventQuery.all().correlation(flow)));
    assertEquals(List.of(1, 2), numbers(EventQuery.all().limit(2)));
    assertEquals(List.of(2), numbers(EventQuery.all().types("order.placed").after(firstCursor()).limit(1)));
  }

  @Test
  void topicPatternsAreLiteralWhereTheyHaveNoWildcard() {
    store.append(
        null,
        ExpectedVersion.any(),
        List.of(
            record("a", "orders.e+u", "{\"n\":1}"),
            record("a", "ordersXe+u", "{\"n\":2}"),
            record("a", "q?.[x]", "{\"n\":3}"),
            record("a", "qq.x", "{\"n\":4}"),
            record("a", "q?.[x].y", "{\"n\":5}")));
    assertEquals(List.of(1), numbers(EventQuery.all().topic("orders.e+u")));
    assertEquals(List.of(3), numbers(EventQuery.all().topic("q?.[x]")));
    assertEquals(List.of(3), numbers(EventQuery.all().topic("q?.*")));
    assertEquals(List.of(3, 5), numbers(EventQuery.all().topic("q?.>")));
    assertEquals(List.of(5), numbers(EventQuery.all().topic("*.*.y")));
    assertEquals(List.of(1, 3, 4), numbers(EventQuery.all().topic("*.*")));
  }

  @Test
  void aClosedStoreRefusesWork() {
    store.close();
    assertThrows(EventStoreException.class, () -> store.read(EventQuery.all()));
    assertThrows(
        EventStoreException.class,
        () -> store.append(null, ExpectedVersion.any(), List.of(record("a", "t", "{}"))));
  }

  @Test
  void closingIsIdempotentAlsoFromSeveralThreadsAtOnce() throws Exception {
    store.append(null, ExpectedVersion.any(), List.of(record("a", "t", "{}")));
    ExecutorService closers = Executors.newFixedThreadPool(3);
    try {
      List<Future<?>> closed = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        closed.add(closers.submit(store::close));
      }
      for (Future<?> close : closed) {
        close.get(30, TimeUnit.SECONDS);
      }
    } finally {
      closers.shutdown();
    }
    store.close();

    EventStoreException e =
        assertThrows(EventStoreException.class, () -> store.read(EventQuery.all()));
    assertTrue(e.getMessage().endsWith("is closed"), e.getMessage());
  }

  // ------------------------------------------------------------------ cursors

  @Test
  void theHeadIsTheCursorOfTheLastEventAndStartWhenThereIsNone() {
    assertEquals(Cursor.START, store.head());

    List<EventRecord> stored =
        store.append(null, ExpectedVersion.any(), List.of(record("a", "t", "{}"), record("b", "t", "{}")));

    assertEquals(stored.get(1).cursor(), store.head());
    assertEquals(List.of(), store.read(EventQuery.all().after(store.head())), "nothing comes after the head");
  }

  @Test
  void appendReturnsTheCursorsThatReadsReturn() {
    List<EventRecord> stored =
        store.append(null, ExpectedVersion.any(), List.of(record("a", "t", "{}"), record("b", "t", "{}")));
    List<EventRecord> inStream =
        store.append("s-1", ExpectedVersion.noStream(), List.of(record("c", "t", "{}")));

    List<Cursor> read = store.read(EventQuery.all()).stream().map(EventRecord::cursor).toList();

    assertEquals(List.of(stored.get(0).cursor(), stored.get(1).cursor(), inStream.get(0).cursor()), read);
    assertEquals(
        stored.get(0).cursor(),
        store.append(null, ExpectedVersion.any(), List.of(stored.get(0))).get(0).cursor(),
        "a duplicate comes back with the cursor it was stored with");
  }

  @Test
  void readsReturnRecordsInIncreasingCursorOrderAndPageByCursorWithFilters() {
    for (int i = 0; i < 12; i++) {
      store.append(null, ExpectedVersion.any(), List.of(record(i % 3 == 0 ? "fizz" : "other", "t", "{\"i\":" + i + "}")));
    }
    List<EventRecord> all = store.read(EventQuery.all());
    for (int i = 1; i < all.size(); i++) {
      assertTrue(all.get(i).cursor().isAfter(all.get(i - 1).cursor()), all.get(i) + " after " + all.get(i - 1));
    }

    List<Integer> fizz = new ArrayList<>();
    Cursor after = Cursor.START;
    for (List<EventRecord> page; !(page = store.read(EventQuery.all().types("fizz").after(after).limit(2))).isEmpty(); ) {
      page.forEach(r -> fizz.add(Integer.parseInt(payload(r).replaceAll("\\D", ""))));
      after = page.get(page.size() - 1).cursor();
    }
    assertEquals(List.of(0, 3, 6, 9), fizz);
  }

  @Test
  void nothingComesAfterACursorOfALaterTransactionThanAnyStored() {
    List<EventRecord> stored = store.append(null, ExpectedVersion.any(), List.of(record("a", "t", "{}")));
    Cursor beyond = Cursor.of(stored.get(0).cursor().transaction() + 1, 0);

    assertEquals(List.of(), store.read(EventQuery.all().after(beyond)));
  }

  @Test
  void aReaderPagingByCursorWhileOthersAppendSeesEveryEventOnceInCursorOrder() throws Exception {
    int writers = 4;
    int perWriter = 60;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    Set<UUID> appended = ConcurrentHashMap.newKeySet();
    List<Future<?>> done = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      done.add(
          pool.submit(
              () -> {
                for (int i = 0; i < perWriter; i++) {
                  List<EventRecord> batch = List.of(record("tick", "t", "{}"), record("tock", "t", "{}"));
                  store.append(null, ExpectedVersion.any(), batch);
                  batch.forEach(r -> appended.add(r.eventId()));
                }
              }));
    }
    List<EventRecord> seen = new ArrayList<>();
    Cursor after = Cursor.START;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
    while (seen.size() < writers * perWriter * 2 && System.nanoTime() < deadline) {
      List<EventRecord> page = store.read(EventQuery.all().after(after).limit(7));
      seen.addAll(page);
      if (page.isEmpty()) {
        Thread.sleep(1);
      } else {
        after = page.get(page.size() - 1).cursor();
      }
    }
    for (Future<?> future : done) {
      future.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();

    assertEquals(writers * perWriter * 2, seen.size(), "every event read, none twice");
    assertEquals(appended, seen.stream().map(EventRecord::eventId).collect(Collectors.toSet()));
    for (int i = 1; i < seen.size(); i++) {
      assertTrue(seen.get(i).cursor().isAfter(seen.get(i - 1).cursor()));
    }
  }

  private Cursor firstCursor() {
    return store.read(EventQuery.all().limit(1)).get(0).cursor();
  }

  private List<Integer> numbers(EventQuery query) {
    return store.read(query).stream()
        .map(r -> Integer.parseInt(payload(r).replaceAll("\\D", "")))
        .toList();
  }
}
