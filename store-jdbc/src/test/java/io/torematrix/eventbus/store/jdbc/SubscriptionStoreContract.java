package io.torematrix.eventbus.store.jdbc;

import static io.torematrix.eventbus.store.jdbc.Records.record;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.Cursor;
import io.torematrix.eventbus.EventStoreException;
import io.torematrix.eventbus.ExpectedVersion;
import io.torematrix.eventbus.LeaseLostException;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.EventStore;
import io.torematrix.eventbus.spi.Lease;
import io.torematrix.eventbus.spi.ParkedEvent;
import io.torematrix.eventbus.spi.SubscriptionState;
import io.torematrix.eventbus.spi.SubscriptionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link SubscriptionStore} promises: leases with fencing epochs that expire by the
 * store's clock, checkpoints that never move back and are refused under a lost lease, parked
 * events listed, retried, resolved and discarded. Run against the in-memory, SQLite and PostgreSQL
 * stores through {@link EventStoreContract}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
interface SubscriptionStoreContract {
  /** A lease that does not expire during a test. */
  Duration LONG = Duration.ofMinutes(5);
  /** A lease that expires during a test, long enough for a checkpoint right after taking it. */
  Duration SHORT = Duration.ofSeconds(1);
  String NAME = "orders-projection";
  String A = "node-a/4711/bus-1";
  String B = "node-b/815/bus-1";

  /** The store under test, open and empty. */
  EventStore store();

  private SubscriptionStore subscriptions() {
    return store().subscriptions();
  }

  private Lease take(String owner, Duration ttl) {
    return subscriptions().acquire(NAME, owner, ttl, Cursor.START).orElseThrow(() -> new AssertionError(owner + " got no lease"));
  }

  /** Waits, a bounded time, until {@code owner} takes the lease that {@code lease} no longer holds. */
  private Lease takeOver(String owner, Lease lease) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      Optional<Lease> taken = subscriptions().acquire(NAME, owner, LONG, Cursor.START);
      if (taken.isPresent()) {
        return taken.get();
      }
      Thread.sleep(20);
    }
    throw new AssertionError(owner + " could not take over " + lease + " within 20 s");
  }

  /** Waits until {@code lease} has expired by the store's clock (the system clock, here). */
  private static void outlive(Lease lease) throws InterruptedException {
    long wait = Duration.between(Instant.now(), lease.expiresAt()).toMillis() + 50;
    if (wait > 0) {
      Thread.sleep(wait);
    }
  }

  private ParkedEvent parked(EventRecord record, String error, int attempts) {
    Instant failed = Instant.parse("2020-06-01T10:15:30.123456789Z");
    return new ParkedEvent(NAME, record, error, attempts, failed, failed.plusSeconds(3), ParkedEvent.Status.PARKED);
  }

  private EventRecord stored(String type) {
    return store().append(null, ExpectedVersion.any(), List.of(record(type, "orders.eu", "{\"n\":1}"))).get(0);
  }

  private static void assertSameParked(ParkedEvent expected, ParkedEvent actual) {
    assertEquals(expected.subscription(), actual.subscription());
    assertEquals(expected.error(), actual.error());
    assertEquals(expected.attempts(), actual.attempts());
    assertEquals(expected.firstFailedAt(), actual.firstFailedAt());
    EventRecord want = expected.record();
    EventRecord got = actual.record();
    assertEquals(want.cursor(), got.cursor());
    assertEquals(want.eventId(), got.eventId());
    assertEquals(want.streamId(), got.streamId());
    assertEquals(want.streamVersion(), got.streamVersion());
    assertEquals(want.typeName(), got.typeName());
    assertEquals(want.typeVersion(), got.typeVersion());
    assertEquals(want.topic(), got.topic());
    assertEquals(want.timestamp(), got.timestamp());
    assertEquals(want.correlationId(), got.correlationId());
    assertEquals(want.causationId(), got.causationId());
    assertEquals(want.headers(), got.headers());
    assertArrayEquals(want.payload(), got.payload());
  }

  // ------------------------------------------------------------------ leases

  @Test
  default void aNewSubscriptionStartsAtItsInitialCursorUnderEpochOne() {
    assertEquals(List.of(), subscriptions().states());
    Instant before = Instant.now();
    Lease lease = subscriptions().acquire(NAME, A, LONG, Cursor.ofPosition(7)).orElseThrow();

    assertEquals(NAME, lease.subscription());
    assertEquals(A, lease.owner());
    assertEquals(1, lease.epoch());
    assertEquals(Cursor.ofPosition(7), lease.checkpoint());
    assertTrue(lease.expiresAt().isAfter(before.plus(LONG).minusSeconds(60)), lease.expiresAt() + " is about 5 min away");
    assertTrue(lease.expiresAt().isBefore(Instant.now().plus(LONG).plusSeconds(60)), lease.expiresAt() + " is about 5 min away");
    assertEquals(
        List.of(new SubscriptionState(NAME, Cursor.ofPosition(7), Optional.of(A), Optional.of(lease.expiresAt()), 0)),
        subscriptions().states());
  }

  @Test
  default void anotherOwnerCannotTakeALiveLeaseWhileTheHolderTakesItAgainUnderItsEpoch() {
    Lease first = take(A, LONG);

    assertEquals(Optional.empty(), subscriptions().acquire(NAME, B, LONG, Cursor.START));
    Lease again = subscriptions().acquire(NAME, A, LONG, Cursor.ofPosition(99)).orElseThrow();

    assertEquals(first.epoch(), again.epoch());
    assertEquals(Cursor.START, again.checkpoint(), "the initial cursor only counts for a new subscription");
    assertFalse(again.expiresAt().isBefore(first.expiresAt()));
  }

  @Test
  default void renewingExtendsTheLeaseFromNowAndReturnsTheCheckpoint() throws Exception {
    Lease lease = take(A, Duration.ofSeconds(2));
    subscriptions().checkpoint(lease, Cursor.ofPosition(3));
    Thread.sleep(20);

    Lease renewed = subscriptions().renew(lease, LONG).orElseThrow();

    assertEquals(lease.epoch(), renewed.epoch());
    assertEquals(A, renewed.owner());
    assertEquals(Cursor.ofPosition(3), renewed.checkpoint());
    assertTrue(renewed.expiresAt().isAfter(lease.expiresAt().plusSeconds(60)), renewed + " after " + lease);
  }

  @Test
  default void anExpiredLeaseIsTakenOverUnderTheNextEpochAndFencesItsFormerHolder() throws Exception {
    Lease old = take(A, SHORT);
    subscriptions().checkpoint(old, Cursor.ofPosition(4));
    EventRecord poison = stored("order.placed");

    Lease taken = takeOver(B, old);

    assertEquals(old.epoch() + 1, taken.epoch());
    assertEquals(Cursor.ofPosition(4), taken.checkpoint(), "the new holder resumes after the saved checkpoint");
    assertEquals(Optional.empty(), subscriptions().renew(old, LONG));
    LeaseLostException lost =
        assertThrows(LeaseLostException.class, () -> subscriptions().checkpoint(old, Cursor.ofPosition(9)));
    assertEquals(
        "cannot save checkpoint 9 for durable subscription \"orders-projection\": node-a/4711/bus-1 no longer"
            + " holds its lease (epoch 1); node-b/815/bus-1 holds it now (epoch 2)",
        lost.getMessage());
    LeaseLostException notParked =
        assertThrows(LeaseLostException.class, () -> subscriptions().park(old, parked(poison, "boom", 5)));
    assertTrue(notParked.getMessage().startsWith("cannot park event " + poison.eventId()), notParked.getMessage());
    assertThrows(LeaseLostException.class, () -> subscriptions().resolved(old, poison.eventId()));
    subscriptions().release(old);

    assertEquals(
        List.of(new SubscriptionState(NAME, Cursor.ofPosition(4), Optional.of(B), Optional.of(taken.expiresAt()), 0)),
        subscriptions().states(),
        "the former holder changed nothing");
  }

  @Test
  default void aLeaseThatExpiredIsNoLongerCurrentEvenBeforeAnotherTakesIt() throws Exception {
    Lease lease = take(A, SHORT);
    outlive(lease);

    LeaseLostException lost =
        assertThrows(LeaseLostException.class, () -> subscriptions().checkpoint(lease, Cursor.ofPosition(1)));
    assertEquals(Optional.empty(), subscriptions().renew(lease, LONG));
    Lease again = take(A, LONG);

    assertEquals(
        "cannot save checkpoint 1 for durable subscription \"orders-projection\": the lease of"
            + " node-a/4711/bus-1 (epoch 1) expired at " + lease.expiresAt(),
        lost.getMessage());
    assertEquals(2, again.epoch(), "taking an expired lease again is a change of holder");
    assertEquals(Cursor.START, again.checkpoint());
  }

  @Test
  default void releasingFreesTheLeaseAndKeepsTheCheckpoint() {
    Lease a = take(A, LONG);
    subscriptions().checkpoint(a, Cursor.ofPosition(10));

    subscriptions().release(a);

    assertEquals(
        List.of(new SubscriptionState(NAME, Cursor.ofPosition(10), Optional.empty(), Optional.empty(), 0)),
        subscriptions().states());
    Lease b = take(B, LONG);
    assertEquals(2, b.epoch());
    assertEquals(Cursor.ofPosition(10), b.checkpoint());
    subscriptions().release(a);
    assertEquals(Optional.of(B), subscriptions().states().get(0).owner(), "releasing a lost lease does nothing");
    subscriptions().release(b);
    subscriptions().release(b);
    LeaseLostException lost =
        assertThrows(LeaseLostException.class, () -> subscriptions().checkpoint(b, Cursor.ofPosition(11)));
    assertEquals(
        "cannot save checkpoint 11 for durable subscription \"orders-projection\": node-b/815/bus-1 no longer"
            + " holds its lease (epoch 2); nobody holds it now",
        lost.getMessage());
  }

  @Test
  default void checkpointsNeverMoveBack() {
    Lease lease = take(A, LONG);

    subscriptions().checkpoint(lease, Cursor.ofPosition(5));
    subscriptions().checkpoint(lease, Cursor.ofPosition(3));
    assertEquals(Cursor.ofPosition(5), subscriptions().states().get(0).checkpoint());
    subscriptions().checkpoint(lease, Cursor.of(981, 2));
    subscriptions().checkpoint(lease, Cursor.of(980, 40));
    subscriptions().checkpoint(lease, Cursor.of(981, 1));
    assertEquals(Cursor.of(981, 2), subscriptions().states().get(0).checkpoint());
    subscriptions().checkpoint(lease, Cursor.of(982, 1));

    assertEquals(Cursor.of(982, 1), subscriptions().renew(lease, LONG).orElseThrow().checkpoint());
    assertEquals(Cursor.of(982, 1), take(A, LONG).checkpoint());
  }

  @Test
  default void subscriptionsAreListedByNameWithTheirParkedCounts() {
    Lease zeta = subscriptions().acquire("zeta", A, LONG, Cursor.START).orElseThrow();
    subscriptions().acquire("Alpha", B, LONG, Cursor.ofPosition(2)).orElseThrow();
    Lease mid = subscriptions().acquire("mid_1", A, LONG, Cursor.START).orElseThrow();
    subscriptions().release(mid);
    EventRecord record = stored("x");
    subscriptions()
        .park(zeta, new ParkedEvent("zeta", record, "boom", 1, Instant.EPOCH, Instant.EPOCH, ParkedEvent.Status.PARKED));

    List<SubscriptionState> states = subscriptions().states();

    assertEquals(List.of("Alpha", "mid_1", "zeta"), states.stream().map(SubscriptionState::subscription).toList());
    assertEquals(List.of(0L, 0L, 1L), states.stream().map(SubscriptionState::parked).toList());
    assertEquals(Optional.empty(), states.get(1).owner());
    assertEquals(Cursor.ofPosition(2), states.get(0).checkpoint());
  }

  @Test
  default void ownersRacingForOneSubscriptionHaveExactlyOneWinner() throws Exception {
    int owners = 8;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(owners);
    List<Future<Optional<Lease>>> outcomes = new ArrayList<>();
    try {
      for (int i = 0; i < owners; i++) {
        String owner = "node-" + i;
        outcomes.add(
            pool.submit(
                () -> {
                  go.await();
                  return subscriptions().acquire(NAME, owner, LONG, Cursor.START);
                }));
      }
      go.countDown();
      List<Lease> winners = new ArrayList<>();
      for (Future<Optional<Lease>> outcome : outcomes) {
        outcome.get(30, TimeUnit.SECONDS).ifPresent(winners::add);
      }
      assertEquals(1, winners.size(), winners.toString());
      assertEquals(1, winners.get(0).epoch());
      assertEquals(Optional.of(winners.get(0).owner()), subscriptions().states().get(0).owner());
    } finally {
      pool.shutdownNow();
    }
  }

  // ------------------------------------------------------------------ parked events

  @Test
  default void parkedEventsAreKeptWholeAndListedOldestFirst() {
    Lease lease = take(A, LONG);
    EventRecord first = stored("order.placed");
    EventRecord imported =
        new EventRecord(
            0, UUID.randomUUID(), "acc-1", 3, "order.imported", 2, "orders.us", Instant.parse("2026-01-02T03:04:05.000000006Z"),
            UUID.randomUUID(), UUID.randomUUID(), Map.of("origin", "node-7"), new byte[] {0, (byte) 0xff, 42});
    String trace = "java.lang.IllegalStateException: no price for o-1\n\tat app.Prices.of(Prices.java:12)\n";
    ParkedEvent one = parked(first, trace, 5);
    ParkedEvent two = parked(imported, "java.io.UncheckedIOException: undecodable", 1);

    subscriptions().park(lease, one);
    subscriptions().park(lease, two);

    List<ParkedEvent> listed = subscriptions().parked(NAME, 10);
    assertEquals(2, listed.size());
    assertSameParked(one, listed.get(0));
    assertSameParked(two, listed.get(1));
    assertEquals(ParkedEvent.Status.PARKED, listed.get(0).status());
    assertEquals(one.parkedAt(), listed.get(0).parkedAt());
    assertEquals(1, subscriptions().parked(NAME, 1).size());
    assertEquals(2, subscriptions().states().get(0).parked());
    assertEquals(List.of(), subscriptions().parked("other", 10));

    ParkedEvent again = parked(first, "java.lang.IllegalStateException: still no price", 7);
    subscriptions().park(lease, again);
    List<ParkedEvent> replaced = subscriptions().parked(NAME, 10);
    assertEquals(List.of(imported.eventId(), first.eventId()), replaced.stream().map(p -> p.record().eventId()).toList(),
        "parking an event again replaces it, as the newest");
    assertSameParked(again, replaced.get(1));
  }

  @Test
  default void aRequestedRetryIsMadeByTheHolderAndResolved() {
    Lease lease = take(A, LONG);
    EventRecord first = stored("a");
    EventRecord second = stored("b");
    subscriptions().park(lease, parked(first, "boom", 5));
    subscriptions().park(lease, parked(second, "bang", 5));
    Instant before = Instant.now().minusSeconds(60);

    assertTrue(subscriptions().requestRetry(NAME, second.eventId()));
    assertTrue(subscriptions().requestRetry(NAME, second.eventId()), "asking twice is the same request");
    assertFalse(subscriptions().requestRetry(NAME, UUID.randomUUID()));

    List<ParkedEvent> retry = subscriptions().retryRequested(lease, 10);
    assertEquals(List.of(second.eventId()), retry.stream().map(p -> p.record().eventId()).toList());
    assertEquals(ParkedEvent.Status.RETRY_REQUESTED, retry.get(0).status());
    assertTrue(retry.get(0).parkedAt().isAfter(before), "marked for retry now: " + retry.get(0).parkedAt());
    assertEquals(
        List.of(ParkedEvent.Status.PARKED, ParkedEvent.Status.RETRY_REQUESTED),
        subscriptions().parked(NAME, 10).stream().map(ParkedEvent::status).toList(),
        "a retry keeps its place");

    subscriptions().resolved(lease, second.eventId());
    subscriptions().resolved(lease, second.eventId());

    assertEquals(List.of(), subscriptions().retryRequested(lease, 10));
    assertEquals(List.of(first.eventId()), subscriptions().parked(NAME, 10).stream().map(p -> p.record().eventId()).toList());
  }

  @Test
  default void aDiscardedEventIsGoneForGood() {
    Lease lease = take(A, LONG);
    EventRecord record = stored("a");
    subscriptions().park(lease, parked(record, "boom", 5));

    assertTrue(subscriptions().discard(NAME, record.eventId()));
    assertFalse(subscriptions().discard(NAME, record.eventId()));
    assertFalse(subscriptions().requestRetry(NAME, record.eventId()));
    assertEquals(List.of(), subscriptions().parked(NAME, 10));
    assertEquals(0, subscriptions().states().get(0).parked());
  }

  @Test
  default void anErrorIsKeptUpToItsLimitAndTextNoDatabaseKeepsIsReplaced() {
    Lease lease = take(A, LONG);
    EventRecord record = stored("a");
    String long_ = "x".repeat(ParkedEvent.MAX_ERROR_CHARS + 100);
    subscriptions().park(lease, parked(record, long_, 2));
    assertEquals(ParkedEvent.MAX_ERROR_CHARS, subscriptions().parked(NAME, 1).get(0).error().length());

    subscriptions().park(lease, parked(record, "bad \0 text \uD800 here \uD83D\uDE00", 2));
    String back = subscriptions().parked(NAME, 1).get(0).error();
    assertTrue(
        back.equals("bad \0 text \uD800 here \uD83D\uDE00") || back.equals("bad \uFFFD text \uFFFD here \uD83D\uDE00"),
        "kept, or with U+FFFD for what the database cannot keep: " + back);
  }

  // ------------------------------------------------------------------ what is refused

  @Test
  default void badNamesOwnersDurationsAndLimitsAreRefused() {
    IllegalArgumentException name =
        assertThrows(
            IllegalArgumentException.class, () -> subscriptions().acquire("orders projection", A, LONG, Cursor.START));
    assertEquals(
        "invalid durable subscription name \"orders projection\": character 7 is ' '; only A-Z, a-z, 0-9, '_'"
            + " and '-' are allowed",
        name.getMessage());
    assertThrows(IllegalArgumentException.class, () -> subscriptions().acquire("x".repeat(65), A, LONG, Cursor.START));
    assertThrows(IllegalArgumentException.class, () -> subscriptions().parked("a.b", 10));
    assertThrows(IllegalArgumentException.class, () -> subscriptions().requestRetry("", UUID.randomUUID()));
    assertThrows(IllegalArgumentException.class, () -> subscriptions().discard("a/b", UUID.randomUUID()));
    assertEquals(
        "a lease owner has 1 to 255 characters, not 0",
        assertThrows(IllegalArgumentException.class, () -> subscriptions().acquire(NAME, "", LONG, Cursor.START))
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> subscriptions().acquire(NAME, "o".repeat(256), LONG, Cursor.START));
    assertEquals(
        "a lease lasts a positive time of at most PT8760H, not PT0S",
        assertThrows(IllegalArgumentException.class, () -> subscriptions().acquire(NAME, A, Duration.ZERO, Cursor.START))
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> subscriptions().acquire(NAME, A, Duration.ofDays(366), Cursor.START));
    assertThrows(IllegalArgumentException.class, () -> subscriptions().parked(NAME, 0));
    Lease lease = take(A, LONG);
    EventRecord record = stored("a");
    IllegalArgumentException elsewhere =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                subscriptions()
                    .park(lease, new ParkedEvent("other", record, "e", 1, Instant.EPOCH, Instant.EPOCH, ParkedEvent.Status.PARKED)));
    assertEquals(
        "an event parked for durable subscription \"other\" cannot be parked under the lease of \"orders-projection\"",
        elsewhere.getMessage());
    assertEquals(List.of(), subscriptions().parked(NAME, 10), "nothing refused was parked");
    assertEquals(List.of(NAME), subscriptions().states().stream().map(SubscriptionState::subscription).toList(),
        "nothing refused was created");
  }

  @Test
  default void aClosedStoreRefusesSubscriptionWork() {
    Lease lease = take(A, LONG);
    store().close();

    assertThrows(EventStoreException.class, () -> subscriptions().acquire(NAME, A, LONG, Cursor.START));
    assertThrows(EventStoreException.class, () -> subscriptions().checkpoint(lease, Cursor.ofPosition(1)));
    assertThrows(EventStoreException.class, () -> subscriptions().states());
    assertThrows(EventStoreException.class, () -> subscriptions().parked(NAME, 1));
  }

}
