package io.torematrix.eventbus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventTypeMetrics;
import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.Subscription;
import io.torematrix.eventbus.annotation.Priority;
import io.torematrix.eventbus.it.Events.AccountClosed;
import io.torematrix.eventbus.it.Events.Ping;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The fast path of events whose handlers all run synchronously on the publishing thread counts
 * nothing in shared counters: close, drain, unsubscribe and the metrics still see its deliveries
 * running on other threads.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SynchronousFastPathTest {
  private static final SubscribeOptions<Object> IMMEDIATE =
      SubscribeOptions.defaults().priority(Priority.IMMEDIATE);

  @Test
  void aThreadPublishingToSeveralBusesDeliversCountsAndRefusesEachEventByItsOwnBus() {
    try (EventBus first = EventBus.create();
        EventBus second = EventBus.create();
        EventBus withoutIndexes = EventBus.builder().discoverIndexes(false).build()) {
      List<String> seen = new CopyOnWriteArrayList<>();
      first.subscribe(Ping.class, ping -> seen.add("first " + ping.number), IMMEDIATE);
      second.subscribe(Ping.class, ping -> seen.add("second " + ping.number), IMMEDIATE);

      for (int i = 0; i < 3; i++) {
        first.post(new Ping(i));
        second.post(new Ping(i));
        IllegalArgumentException refused =
            assertThrows(IllegalArgumentException.class, () -> withoutIndexes.post(new Ping(9)));
        assertTrue(
            refused
                .getMessage()
                .startsWith(
                    "io.torematrix.eventbus.it.Events$Ping is not an event type known to this"
                        + " bus."),
            refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> withoutIndexes.publish(new Ping(9)));
      }
      second.publish(new Ping(3));

      assertEquals(
          List.of("first 0", "second 0", "first 1", "second 1", "first 2", "second 2", "second 3"),
          seen);
      assertEquals(3, first.metrics().eventType("ping").orElseThrow().published());
      assertEquals(4, second.metrics().eventType("ping").orElseThrow().published());
      assertEquals(0, withoutIndexes.metrics().total().published());
    }
  }

  @Test
  void closeWaitsForAnImmediateHandlerThatAnotherThreadIsRunning() throws Exception {
    EventBus bus = EventBus.builder().closeTimeout(Duration.ofSeconds(10)).build();
    CountDownLatch running = new CountDownLatch(1);
    AtomicBoolean finished = new AtomicBoolean();
    bus.subscribe(
        Ping.class,
        ping -> {
          running.countDown();
          sleep(200);
          finished.set(true);
        },
        IMMEDIATE);
    CompletableFuture<Void> poster = CompletableFuture.runAsync(() -> bus.post(new Ping(1)));
    assertTrue(running.await(10, TimeUnit.SECONDS));

    bus.close();

    assertTrue(finished.get(), "close returned only once the running handler had finished");
    poster.get(10, TimeUnit.SECONDS);
  }

  @Test
  void drainWaitsForAnImmediateHandlerThatAnotherThreadIsRunning() throws Exception {
    try (EventBus bus = EventBus.create()) {
      CountDownLatch running = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      bus.subscribe(
          Ping.class,
          ping -> {
            running.countDown();
            await(release);
          },
          IMMEDIATE);
      CompletableFuture<Void> poster = CompletableFuture.runAsync(() -> bus.post(new Ping(1)));
      assertTrue(running.await(10, TimeUnit.SECONDS));

      assertFalse(bus.drain(Duration.ofMillis(100)), "the handler still runs");
      release.countDown();
      assertTrue(bus.drain(Duration.ofSeconds(10)));
      poster.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void unsubscribingALaterHandlerWhileAnEarlierOneWaitsForThatDoesNotDeadlock() throws Exception {
    try (EventBus bus = EventBus.create()) {
      CountDownLatch earlierRunning = new CountDownLatch(1);
      CountDownLatch unsubscribed = new CountDownLatch(1);
      AtomicInteger laterCalls = new AtomicInteger();
      bus.subscribe(
          Ping.class,
          ping -> {
            earlierRunning.countDown();
            await(unsubscribed);
          },
          IMMEDIATE.order(1));
      Subscription later =
          bus.subscribe(Ping.class, ping -> laterCalls.incrementAndGet(), IMMEDIATE.order(2));
      CompletableFuture<Void> poster = CompletableFuture.runAsync(() -> bus.post(new Ping(1)));
      assertTrue(earlierRunning.await(10, TimeUnit.SECONDS));

      CompletableFuture<Void> closing = CompletableFuture.runAsync(later::close);
      closing.get(10, TimeUnit.SECONDS);
      unsubscribed.countDown();
      poster.get(10, TimeUnit.SECONDS);

      assertEquals(0, laterCalls.get(), "the handler unsubscribed before it was reached never ran");
      assertEquals(1, bus.metrics().eventType("ping").orElseThrow().skipped());
    }
  }

  @Test
  void noHandlerStartsAfterItsSubscriptionClosedWhileOthersPost() throws Exception {
    try (EventBus bus = EventBus.create()) {
      AtomicBoolean closed = new AtomicBoolean();
      AtomicInteger afterClose = new AtomicInteger();
      Subscription subscription =
          bus.subscribe(
              Ping.class,
              ping -> {
                if (closed.get()) {
                  afterClose.incrementAndGet();
                }
              },
              IMMEDIATE);
      AtomicBoolean stop = new AtomicBoolean();
      List<CompletableFuture<Void>> posters = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        posters.add(
            CompletableFuture.runAsync(
                () -> {
                  for (int i = 0; i < 1_000_000 && !stop.get(); i++) {
                    bus.post(new Ping(i));
                  }
                }));
      }
      sleep(50);

      subscription.close();
      closed.set(true);
      sleep(50);
      stop.set(true);
      for (CompletableFuture<Void> poster : posters) {
        poster.get(30, TimeUnit.SECONDS);
      }

      assertEquals(0, afterClose.get(), "no invocation started after close returned");
    }
  }

  @Test
  void metricsAddUpTheCountsOfEveryPostingThread() throws Exception {
    try (EventBus bus = EventBus.create()) {
      bus.subscribe(
          Ping.class,
          ping -> {},
          SubscribeOptions.<Ping>defaults()
              .priority(Priority.IMMEDIATE)
              .filter(ping -> ping.number % 4 != 0));
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        Thread thread =
            new Thread(
                () -> {
                  for (int i = 0; i < 1000; i++) {
                    bus.post(new Ping(i));
                  }
                });
        threads.add(thread);
        thread.start();
      }
      for (Thread thread : threads) {
        thread.join(TimeUnit.SECONDS.toMillis(30));
      }
      threads.clear();
      System.gc();

      EventTypeMetrics metrics = bus.metrics().eventType("ping").orElseThrow();
      assertEquals(4000, metrics.published());
      assertEquals(3000, metrics.delivered());
      assertEquals(1000, metrics.filtered());
    }
  }

  @Test
  void aNestedHandlerClosingTheSubscriptionOfTheHandlerThatPostedToItReturnsAtOnce() {
    try (EventBus bus = EventBus.create()) {
      AtomicInteger outerCalls = new AtomicInteger();
      List<Subscription> outer = new ArrayList<>();
      outer.add(
          bus.subscribe(
              Ping.class,
              ping -> {
                outerCalls.incrementAndGet();
                bus.post(new AccountClosed("a-" + ping.number));
              },
              IMMEDIATE));
      bus.subscribe(AccountClosed.class, closed -> outer.get(0).close(), IMMEDIATE);

      bus.post(new Ping(1));
      bus.post(new Ping(2));

      assertEquals(1, outerCalls.get(), "the outer handler was unsubscribed from inside its post");
      assertFalse(outer.get(0).isActive());
      EventTypeMetrics pings = bus.metrics().eventType("ping").orElseThrow();
      assertEquals(1, pings.delivered());
      assertEquals(1, pings.dead(), "the second ping found nobody");
    }
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
