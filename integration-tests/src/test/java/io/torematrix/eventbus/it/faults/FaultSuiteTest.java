package io.torematrix.eventbus.it.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.Cursor;
import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventBusMetrics;
import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.EventStoreException;
import io.torematrix.eventbus.EventStores;
import io.torematrix.eventbus.ExpectedVersion;
import io.torematrix.eventbus.LaneMetrics;
import io.torematrix.eventbus.PublishOptions;
import io.torematrix.eventbus.PublishResult;
import io.torematrix.eventbus.QueueFullException;
import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.Subscription;
import io.torematrix.eventbus.annotation.Priority;
import io.torematrix.eventbus.it.faults.FaultEvents.Work;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.EventStore;
import io.torematrix.eventbus.spi.SubscriptionStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bus under load with faults injected at every level, issue 11's "done when": publishers on
 * several threads; middleware, the store, filters, handlers (sync, async, ordered, batch) and
 * error callbacks that throw exceptions and {@code Error}s; subscriptions closed while deliveries
 * run; the bus closed while publishers publish. Every event is numbered, and each fault is tied
 * to its number, so that the test knows what became of each one. Then it checks conservation:
 *
 * <ul>
 *   <li>an event whose publish stage failed (middleware or store) reached no handler and was not
 *       stored; every other accepted event was stored once;
 *   <li>each always-subscribed handler received each accepted event exactly once, with the
 *       outcome its faults dictate, or was told that the close abandoned it (none here: the close
 *       timeout is long enough);
 *   <li>each publish result counts exactly what its handlers did: {@code delivered}, {@code
 *       filtered} and {@code failed} are what the handlers saw, and with {@code skipped} they sum
 *       to the handlers the event matched;
 *   <li>no code of a closed subscription ran after its {@code close()} returned;
 *   <li>nothing is left in flight or reserved, and the metrics agree.
 * </ul>
 *
 * Bounded: {@value #PUBLISHERS} publishers of at most {@value #PER_PUBLISHER} events each, and at
 * most {@value #LOAD_SECONDS} seconds of load.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FaultSuiteTest {
  private static final int PUBLISHERS = 4;
  private static final int PER_PUBLISHER = 50_000;
  private static final int EVENTS = PUBLISHERS * PER_PUBLISHER;
  private static final int LOAD_SECONDS = 20;
  /** The always-subscribed handlers the publish stage awaits: sync, ordered and async. */
  private static final int AWAITED = 4;

  /** Outcomes, as an always-subscribed handler records them. */
  private static final int DELIVERED = 1;

  private static final int FAILED = 2;
  private static final int FILTERED = 3;
  private static final int ABANDONED = 4;

  /** A failure the test throws on purpose, an {@code Error}. */
  static final class InjectedError extends Error {
    private static final long serialVersionUID = 1L;

    InjectedError(String message) {
      super(message);
    }
  }

  /** A failure the test throws on purpose, an exception. */
  static final class InjectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InjectedException(String message) {
      super(message);
    }
  }

  @Test
  void underLoadWithFaultsEveryAcceptedEventIsAccountedForOnceAndNothingIsLeftHeld()
      throws Exception {
    runSuite(Duration.ofSeconds(60), false);
  }

  @Test
  void aCloseThatTimesOutUnderLoadReportsEveryDeliveryItAbandons() throws Exception {
    runSuite(Duration.ofMillis(50), true);
  }

  /**
   * Runs the load, closing the bus with {@code closeTimeout} while publishers publish; with
   * {@code slow}, some handlers take a millisecond, so that the close abandons deliveries.
   */
  private static void runSuite(Duration closeTimeout, boolean slow) throws Exception {
    long start = System.nanoTime();
    Journal journal = new Journal(slow);
    FlakyStore store = new FlakyStore();
    EventBus bus =
        EventBus.builder()
            .queueCapacity(2_000)
            .closeTimeout(closeTimeout)
            .store(store)
            .middleware(FaultSuiteTest::flakyMiddleware)
            .errorHandler(failure -> journal.reported.incrementAndGet())
            .build();
    journal.subscribeAll(bus);

    AtomicBoolean stopChurn = new AtomicBoolean();
    Thread churn = new Thread(() -> journal.churn(bus, stopChurn), "churn");
    churn.start();

    ExecutorService publishers = Executors.newFixedThreadPool(PUBLISHERS);
    AtomicReferenceArray<CompletionStage<PublishResult>> stages =
        new AtomicReferenceArray<>(EVENTS);
    AtomicLong published = new AtomicLong();
    long loadEnds = System.nanoTime() + TimeUnit.SECONDS.toNanos(LOAD_SECONDS);
    List<Future<?>> running = new ArrayList<>();
    for (int p = 0; p < PUBLISHERS; p++) {
      int publisher = p;
      running.add(
          publishers.submit(
              () -> {
                for (int n = 0; n < PER_PUBLISHER && System.nanoTime() < loadEnds; n++) {
                  int key = key(publisher, n);
                  try {
                    stages.set(
                        key,
                        bus.publish(
                            new Work(publisher, n),
                            PublishOptions.defaults().header("key", Integer.toString(key))));
                    published.incrementAndGet();
                  } catch (IllegalStateException closed) {
                    return;
                  }
                }
              }));
    }
    while (published.get() < EVENTS * 3L / 4 && System.nanoTime() < loadEnds) {
      Thread.sleep(10);
    }
    stopChurn.set(true);
    churn.join();

    bus.close();

    for (Future<?> publisher : running) {
      publisher.get(60, TimeUnit.SECONDS);
    }
    publishers.shutdown();
    journal.awaitAsyncHandlers();

    int accepted = 0;
    int refused = 0;
    int closedMeanwhile = 0;
    int queueFull = 0;
    Set<Integer> stored = store.keys();
    for (int key = 0; key < EVENTS; key++) {
      CompletionStage<PublishResult> stage = stages.get(key);
      if (stage == null) {
        journal.assertUnseen(key, "an event that was never published");
        continue;
      }
      CompletableFuture<PublishResult> future = stage.toCompletableFuture();
      if (!slow) {
        assertTrue(future.isDone(), "close() returned while event " + key + " was pending");
      }
      PublishResult result;
      try {
        result = future.get(30, TimeUnit.SECONDS);
      } catch (ExecutionException failed) {
        refused++;
        Throwable cause = failed.getCause();
        if (cause instanceof IllegalStateException && cause.getMessage().startsWith("the bus is closed")) {
          closedMeanwhile++;
        } else if (cause instanceof QueueFullException) {
          queueFull++;
        } else {
          assertTrue(
              isInjected(cause) || cause instanceof EventStoreException,
              key + " failed with " + cause);
          assertTrue(refusedByDesign(key), key + " was refused: " + cause);
        }
        journal.assertUnseen(key, "a refused event");
        assertTrue(!stored.contains(key), "refused event " + key + " was stored");
        continue;
      }
      accepted++;
      assertTrue(!refusedByDesign(key), key + " should have been refused");
      assertTrue(stored.contains(key), "accepted event " + key + " was not stored");
      journal.assertAccountedFor(key, result);
    }
    assertEquals(accepted, stored.size(), "nothing else was stored");
    assertEquals(0, journal.late.get(), "code of closed subscriptions ran after close() returned");
    assertEquals(0, journal.doubled.get(), "outcomes recorded twice");
    assertEquals(0, journal.outOfOrder.get(), "events the ordered handler saw out of order");
    assertTrue(journal.reported.get() > 0, "the error handler was told of the failures");
    assertTrue(accepted > 1000, "the load ran: " + accepted + " accepted, " + refused + " refused");
    assertTrue(journal.churned.get() > 10, "subscriptions churned: " + journal.churned);

    EventBusMetrics metrics = bus.metrics();
    long settled = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (metrics.inFlight() > 0 && System.nanoTime() < settled) {
      Thread.sleep(10);
      metrics = bus.metrics();
    }
    assertEquals(0, metrics.inFlight(), "nothing is left in flight");
    for (LaneMetrics lane : metrics.lanes()) {
      assertEquals(0, lane.depth(), lane.priority() + " queue is empty");
    }
    assertEquals(accepted, metrics.total().published(), "the metrics count what was accepted");
    System.out.printf(
        "fault suite%s: %d published, %d accepted, %d refused (%d as the bus closed, %d queue"
            + " full), %d failures reported, %d deliveries abandoned, %d subscriptions churned, in"
            + " %d ms%n",
        slow ? " (close timing out)" : "",
        published.get(),
        accepted,
        refused,
        closedMeanwhile,
        queueFull,
        journal.reported.get(),
        journal.abandoned.get(),
        journal.churned.get(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }

  /** The index of event {@code number} of {@code publisher}. */
  private static int key(int publisher, int number) {
    return publisher * PER_PUBLISHER + number;
  }

  private static int key(Work work) {
    return key(work.publisher(), work.number());
  }

  /** Whether the middleware or the store refuse event {@code key}. */
  private static boolean refusedByDesign(int key) {
    return key % 41 == 0 || key % 43 == 0 || key % 47 == 0 || key % 53 == 0;
  }

  private static boolean isInjected(Throwable error) {
    return error instanceof InjectedError || error instanceof InjectedException;
  }

  private static CompletionStage<PublishResult> flakyMiddleware(
      io.torematrix.eventbus.EventMiddleware.Chain chain) {
    int key = key((Work) chain.event());
    if (key % 41 == 0) {
      throw new InjectedException("middleware refuses " + key);
    }
    if (key % 43 == 0) {
      throw new InjectedError("middleware breaks on " + key);
    }
    return chain.proceed();
  }

  /** The in-memory store, failing the appends of some events with an exception or an Error. */
  private static final class FlakyStore implements EventStore {
    private final EventStore store = EventStores.inMemory();

    @Override
    public List<EventRecord> append(
        String streamId, ExpectedVersion expected, List<EventRecord> records) {
      int key = Integer.parseInt(records.get(0).headers().get("key"));
      if (key % 47 == 0) {
        throw new EventStoreException("the store is down for " + key);
      }
      if (key % 53 == 0) {
        throw new InjectedError("the store breaks on " + key);
      }
      return store.append(streamId, expected, records);
    }

    @Override
    public List<EventRecord> read(EventQuery query) {
      return store.read(query);
    }

    @Override
    public Cursor head() {
      return store.head();
    }

    @Override
    public SubscriptionStore subscriptions() {
      return store.subscriptions();
    }

    Set<Integer> keys() {
      Set<Integer> keys = new HashSet<>();
      for (EventRecord record : store.read(EventQuery.all())) {
        assertTrue(keys.add(Integer.parseInt(record.headers().get("key"))), "stored twice");
      }
      return keys;
    }

    @Override
    public void close() {}
  }

  /**
   * What the handlers saw, per event: the outcome each always-subscribed handler recorded, how
   * often it ran, and the outcomes of the subscriptions that came and went.
   */
  private static final class Journal {
    /** Outcome per event, per always-subscribed handler (see the constants). */
    final AtomicIntegerArray[] outcome = new AtomicIntegerArray[6];
    /** Invocations per event, per always-subscribed handler. */
    final AtomicIntegerArray[] runs = new AtomicIntegerArray[6];
    /** Per event: awaited deliveries and failures by subscriptions that came and went. */
    final AtomicIntegerArray churnDelivered = new AtomicIntegerArray(EVENTS);

    final AtomicIntegerArray churnFailed = new AtomicIntegerArray(EVENTS);
    /** Code of closed subscriptions that ran after close() returned. */
    final AtomicLong late = new AtomicLong();
    /** Outcomes recorded twice for one handler and event. */
    final AtomicLong doubled = new AtomicLong();
    /** Events the ordered handler saw out of their publisher's order. */
    final AtomicLong outOfOrder = new AtomicLong();
    final AtomicLong churned = new AtomicLong();
    final AtomicLong reported = new AtomicLong();
    final AtomicLong abandoned = new AtomicLong();
    /** Whether some handlers take a millisecond. */
    private final boolean slow;
    /** The last number the ordered handler saw of each publisher. */
    final AtomicIntegerArray lastInOrder = new AtomicIntegerArray(PUBLISHERS);

    final ExecutorService asyncPool = Executors.newFixedThreadPool(2);

    Journal(boolean slow) {
      this.slow = slow;
      for (int i = 0; i < outcome.length; i++) {
        outcome[i] = new AtomicIntegerArray(EVENTS);
        runs[i] = new AtomicIntegerArray(EVENTS);
      }
      for (int p = 0; p < PUBLISHERS; p++) {
        lastInOrder.set(p, -1);
      }
    }

    void subscribeAll(EventBus bus) {
      // 0: IMMEDIATE, with a filter that rejects or throws, and an error callback that throws
      bus.subscribe(
          Work.class,
          work -> handle(0, work, 11, 13),
          SubscribeOptions.<Work>defaults()
              .priority(Priority.IMMEDIATE)
              .filter(
                  work -> {
                    int key = key(work);
                    if (key % 17 == 0) {
                      record(0, key, FAILED);
                      throw new InjectedException("filter breaks on " + key);
                    }
                    if (key % 7 == 0) {
                      record(0, key, FILTERED);
                      return false;
                    }
                    return true;
                  })
              .onError(
                  (work, error) -> {
                    noteAbandoned(0, work, error);
                    if (key(work) % 19 == 0) {
                      throw new InjectedError("error callback breaks on " + key(work));
                    }
                  }));
      // 1: NORMAL
      bus.subscribe(
          Work.class,
          work -> handle(1, work, 23, 29),
          SubscribeOptions.<Work>defaults().onError((work, error) -> noteAbandoned(1, work, error)));
      // 2: NORMAL, ordered: sees each publisher's events in publish order
      bus.subscribe(
          Work.class,
          work -> {
            int previous = lastInOrder.getAndSet(work.publisher(), work.number());
            if (previous >= work.number()) {
              outOfOrder.incrementAndGet();
            }
            handle(2, work, 31, 37);
          },
          SubscribeOptions.<Work>defaults()
              .ordered()
              .onError((work, error) -> noteAbandoned(2, work, error)));
      // 3: NORMAL, asynchronous
      bus.subscribeAsync(
          Work.class,
          work ->
              CompletableFuture.runAsync(
                  () -> {
                    int key = key(work);
                    runs[3].incrementAndGet(key);
                    if (key % 59 == 0) {
                      recordAsync(key, FAILED);
                      throw new InjectedException("async handler fails on " + key);
                    }
                    recordAsync(key, DELIVERED);
                  },
                  asyncPool),
          SubscribeOptions.<Work>defaults().onError((work, error) -> noteAbandoned(3, work, error)));
      // 4: DEFERRED
      bus.subscribe(
          Work.class,
          work -> handle(4, work, 61, 67),
          SubscribeOptions.<Work>defaults()
              .priority(Priority.DEFERRED)
              .onError((work, error) -> noteAbandoned(4, work, error)));
      // 5: DEFERRED, in batches; a batch holding a multiple of 71 fails as a whole
      bus.subscribeBatch(
          Work.class,
          batch -> {
            boolean fails = batch.stream().anyMatch(work -> key(work) % 71 == 0);
            for (Work work : batch) {
              runs[5].incrementAndGet(key(work));
              record(5, key(work), fails ? FAILED : DELIVERED);
            }
            if (fails) {
              throw new InjectedError("batch breaks");
            }
          },
          SubscribeOptions.<Work>defaults()
              .priority(Priority.DEFERRED)
              .batch(16, Duration.ofMillis(5))
              .onError((work, error) -> noteAbandoned(5, work, error)));
    }

    /** Handler {@code handler} on {@code work}: throws an exception or an Error as told. */
    private void handle(int handler, Work work, int exceptionEvery, int errorEvery) {
      int key = key(work);
      runs[handler].incrementAndGet(key);
      if (slow && key % 5 == 0 && handler != 0) {
        try {
          Thread.sleep(1);
        } catch (InterruptedException closing) {
          Thread.currentThread().interrupt();
        }
      }
      if (key % exceptionEvery == 0) {
        record(handler, key, FAILED);
        throw new InjectedException("handler " + handler + " fails on " + key);
      }
      if (key % errorEvery == 0) {
        record(handler, key, FAILED);
        throw new InjectedError("handler " + handler + " breaks on " + key);
      }
      record(handler, key, DELIVERED);
    }

    private void record(int handler, int key, int what) {
      if (!outcome[handler].compareAndSet(key, 0, what)) {
        doubled.incrementAndGet();
      }
    }

    /**
     * What the asynchronous handler's code did on {@code key}, recorded before its stage completes:
     * a close that times out in between reports the stage abandoned, and that verdict stands (the
     * bus counted the event failed), whichever of the two is recorded first.
     */
    private void recordAsync(int key, int what) {
      if (!outcome[3].compareAndSet(key, 0, what) && outcome[3].get(key) != ABANDONED) {
        doubled.incrementAndGet();
      }
    }

    private void noteAbandoned(int handler, Work work, Throwable error) {
      if (error.getMessage() != null && error.getMessage().startsWith("the bus was closed")) {
        abandoned.incrementAndGet();
        if (handler == 3) {
          // the handler's code may have run and recorded what it did, its stage still pending
          if (outcome[3].getAndSet(key(work), ABANDONED) == ABANDONED) {
            doubled.incrementAndGet();
          }
        } else {
          record(handler, key(work), ABANDONED);
        }
      }
    }

    /** Subscribes and unsubscribes at every level while events flow, checking the barrier. */
    void churn(EventBus bus, AtomicBoolean stop) {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      while (!stop.get()) {
        Priority priority = Priority.values()[random.nextInt(3)];
        boolean awaited = priority != Priority.DEFERRED;
        AtomicBoolean closed = new AtomicBoolean();
        Subscription subscription =
            bus.subscribe(
                Work.class,
                work -> {
                  if (closed.get()) {
                    late.incrementAndGet();
                  }
                  int key = key(work);
                  if (key % 73 == 0) {
                    if (awaited) {
                      churnFailed.incrementAndGet(key);
                    }
                    throw new InjectedError("churned handler breaks on " + key);
                  }
                  if (awaited) {
                    churnDelivered.incrementAndGet(key);
                  }
                },
                SubscribeOptions.<Work>defaults().priority(priority));
        try {
          Thread.sleep(random.nextInt(3));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        subscription.close();
        closed.set(true);
        churned.incrementAndGet();
      }
    }

    void awaitAsyncHandlers() throws InterruptedException {
      asyncPool.shutdown();
      assertTrue(asyncPool.awaitTermination(30, TimeUnit.SECONDS));
    }

    void assertUnseen(int key, String what) {
      for (int handler = 0; handler < runs.length; handler++) {
        assertEquals(0, runs[handler].get(key), what + " " + key + " reached handler " + handler);
      }
      assertEquals(0, churnDelivered.get(key) + churnFailed.get(key), what + " " + key + " was delivered");
    }

    void assertAccountedFor(int key, PublishResult result) {
      int delivered = 0;
      int failed = 0;
      int filtered = 0;
      for (int handler = 0; handler < runs.length; handler++) {
        int what = outcome[handler].get(key);
        assertTrue(what != 0, "handler " + handler + " has no outcome for accepted event " + key);
        assertTrue(runs[handler].get(key) <= 1, "handler " + handler + " ran twice on " + key);
        if (handler < AWAITED) {
          delivered += what == DELIVERED ? 1 : 0;
          failed += what == FAILED || what == ABANDONED ? 1 : 0;
          filtered += what == FILTERED ? 1 : 0;
        }
      }
      StringBuilder seen = new StringBuilder();
      for (int handler = 0; handler < runs.length; handler++) {
        seen.append(" h").append(handler).append('=').append(outcome[handler].get(key));
      }
      String context =
          "event " + key + " (" + seen + ", churned " + churnDelivered.get(key) + "/"
              + churnFailed.get(key) + "): " + result;
      assertEquals(delivered + churnDelivered.get(key), result.delivered(), context);
      assertEquals(failed + churnFailed.get(key), result.failed(), context);
      assertEquals(filtered, result.filtered(), context);
      int matched = result.delivered() + result.filtered() + result.failed() + result.skipped();
      assertTrue(matched >= AWAITED, context + " accounts for fewer handlers than it matched");
      assertTrue(result.deferred() >= 2, context + " was not queued for both DEFERRED handlers");
    }
  }
}
