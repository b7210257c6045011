package io.torematrix.eventbus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.BackpressurePolicy;
import io.torematrix.eventbus.DeadEvent;
import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.EventMiddleware;
import io.torematrix.eventbus.EventRejectedException;
import io.torematrix.eventbus.EventStores;
import io.torematrix.eventbus.EventTypeMetrics;
import io.torematrix.eventbus.HandlerFailure;
import io.torematrix.eventbus.PublishResult;
import io.torematrix.eventbus.QueueFullException;
import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.annotation.Priority;
import io.torematrix.eventbus.annotation.Subscribe;
import io.torematrix.eventbus.it.Events.AccountClosed;
import io.torematrix.eventbus.it.Events.AccountOpened;
import io.torematrix.eventbus.it.Events.Ping;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code post}: publishing without a result loses nothing that {@code publish} reports. */
class PostTest {
  private final Buses.Failures failures = new Buses.Failures();

  static final class Failing {
    final List<Throwable> told = new CopyOnWriteArrayList<>();
    int calls;

    @Subscribe(priority = Priority.IMMEDIATE, onError = "failed")
    void onPing(Ping ping) {
      calls++;
      throw new IllegalStateException("ping " + ping.number + " refused");
    }

    void failed(Ping ping, Throwable error) {
      told.add(error);
    }
  }

  @Test
  void aHandlerFailureOfAPostReachesItsErrorCallbackTheErrorHandlerAndTheMetrics() {
    try (EventBus bus = EventBus.builder().errorHandler(failures).build()) {
      Failing failing = new Failing();
      bus.register(failing);

      bus.post(new Ping(7));

      assertEquals(1, failing.calls, "IMMEDIATE handlers ran before post returned");
      assertEquals(1, failing.told.size());
      assertEquals("ping 7 refused", failing.told.get(0).getMessage());
      assertEquals(1, failures.seen.size());
      HandlerFailure failure = failures.seen.get(0);
      assertSame(failing.told.get(0), failure.error());
      assertEquals(HandlerFailure.Step.HANDLER, failure.step());
      assertEquals("ping", failure.context().typeName(), "the context is made for the report");
      EventTypeMetrics metrics = bus.metrics().eventType("ping").orElseThrow();
      assertEquals(1, metrics.published());
      assertEquals(1, metrics.failed());
      assertEquals(0, metrics.delivered());
    }
  }

  @Test
  void postCountsDeliveriesAndFilteredEventsInTheMetrics() {
    try (EventBus bus = EventBus.builder().build()) {
      List<Integer> seen = new CopyOnWriteArrayList<>();
      bus.subscribe(
          Ping.class,
          ping -> seen.add(ping.number),
          SubscribeOptions.<Ping>defaults()
              .priority(Priority.IMMEDIATE)
              .filter(ping -> ping.number % 2 == 0));

      for (int i = 0; i < 4; i++) {
        bus.post(new Ping(i));
      }

      assertEquals(List.of(0, 2), seen);
      EventTypeMetrics metrics = bus.metrics().eventType("ping").orElseThrow();
      assertEquals(4, metrics.published());
      assertEquals(2, metrics.delivered());
      assertEquals(2, metrics.filtered());
    }
  }

  @Test
  void aPostNobodyReceivesIsPublishedAsADeadEvent() {
    try (EventBus bus = EventBus.builder().build()) {
      List<DeadEvent> dead = new CopyOnWriteArrayList<>();
      bus.subscribe(
          DeadEvent.class,
          dead::add,
          SubscribeOptions.defaults().priority(Priority.IMMEDIATE));

      AccountClosed closed = new AccountClosed("a-1");
      bus.post(closed);

      assertEquals(1, dead.size());
      assertSame(closed, dead.get(0).event());
      assertEquals(1, bus.metrics().eventType("account.closed").orElseThrow().dead());
    }
  }

  @Test
  void drainAndCloseAwaitTheNormalAndDeferredDeliveriesOfAPost() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    CountDownLatch release = new CountDownLatch(1);
    EventBus bus = EventBus.builder().build();
    try {
      bus.subscribe(
          Ping.class,
          ping -> {
            await(release);
            seen.add("normal " + ping.number);
          });
      bus.subscribe(
          Ping.class,
          ping -> seen.add("deferred " + ping.number),
          SubscribeOptions.defaults().priority(Priority.DEFERRED));

      bus.post(new Ping(1));
      assertFalse(bus.drain(Duration.ofMillis(50)), "the NORMAL handler is still waiting");
      release.countDown();
      assertTrue(bus.drain(Duration.ofSeconds(10)));
      assertEquals(List.of("deferred 1", "normal 1"), seen.stream().sorted().toList());

      bus.post(new Ping(2));
    } finally {
      bus.close();
    }
    assertEquals(4, seen.size(), "close delivered what the second post queued: " + seen);
  }

  @Test
  void closeReportsThePostedDeliveriesThatCouldNotRunAsFailed() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    EventBus bus =
        EventBus.builder().errorHandler(failures).closeTimeout(Duration.ofMillis(200)).build();
    List<Integer> ran = new CopyOnWriteArrayList<>();
    bus.subscribe(
        Ping.class,
        ping -> {
          awaitUninterruptibly(release);
          ran.add(ping.number);
        });
    int posts = Runtime.getRuntime().availableProcessors() + 1;
    for (int i = 0; i < posts; i++) {
      bus.post(new Ping(i));
    }
    Thread.sleep(100);

    bus.close();
    release.countDown();

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (ran.size() + failures.seen.size() < posts && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertTrue(failures.seen.size() >= 1, "the event still queued at close is reported");
    assertEquals(posts, ran.size() + failures.seen.size(), "every posted delivery has an outcome");
    for (HandlerFailure failure : failures.seen) {
      assertTrue(
          failure.error().getMessage().startsWith("the bus was closed before this handler ran"),
          failure.error().getMessage());
    }
    assertEquals(
        failures.seen.size(), bus.metrics().eventType("ping").orElseThrow().failed());
  }

  @Test
  void aPostIsAppendedToTheStoreBeforeAnyHandlerSeesIt() {
    try (EventBus bus = EventBus.builder().store(EventStores.inMemory()).build()) {
      List<Integer> storedWhenHandled = new CopyOnWriteArrayList<>();
      bus.subscribe(
          Ping.class,
          ping ->
              storedWhenHandled.add(
                  bus.getEvents(Ping.class, p -> true).toCompletableFuture().join().size()),
          SubscribeOptions.defaults().priority(Priority.IMMEDIATE));

      bus.post(new Ping(1));

      assertEquals(List.of(1), storedWhenHandled);
      List<Ping> stored = bus.getEvents(Ping.class, p -> true).toCompletableFuture().join();
      assertEquals(1, stored.size());
      assertEquals(1, stored.get(0).number);
    }
  }

  @Test
  void aPostThatAFullQueueRefusesThrowsAndDeliversNothing() {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    try (EventBus bus =
        EventBus.builder()
            .queueCapacity(1)
            .backpressure(BackpressurePolicy.failImmediately())
            .build()) {
      List<Integer> ran = new CopyOnWriteArrayList<>();
      bus.subscribe(
          Ping.class,
          ping -> {
            started.countDown();
            await(release);
            ran.add(ping.number);
          });
      bus.post(new Ping(1));
      await(started);

      QueueFullException full = assertThrows(QueueFullException.class, () -> bus.post(new Ping(2)));

      assertTrue(full.getMessage().contains("NORMAL queue is full"), full.getMessage());
      release.countDown();
      assertTrue(bus.drain(Duration.ofSeconds(10)));
      assertEquals(List.of(1), ran);
      assertEquals(1, bus.metrics().eventType("ping").orElseThrow().published());
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** Rejects every event with a checked exception. */
  static final class Refusing implements EventMiddleware {
    @Override
    public CompletionStage<PublishResult> intercept(Chain chain) throws Exception {
      throw new IOException("the gate is shut");
    }
  }

  @Test
  void aMiddlewareRejectionOfAPostIsThrownWithItsCause() {
    try (EventBus bus = EventBus.builder().middleware(new Refusing()).build()) {
      List<Ping> seen = new CopyOnWriteArrayList<>();
      bus.subscribe(Ping.class, seen::add, SubscribeOptions.defaults().priority(Priority.IMMEDIATE));

      EventRejectedException rejected =
          assertThrows(EventRejectedException.class, () -> bus.post(new Ping(1)));

      assertTrue(rejected.getCause() instanceof IOException, rejected.toString());
      assertEquals("the gate is shut", rejected.getCause().getMessage());
      assertTrue(seen.isEmpty());
    }
  }

  @Test
  void postRefusesWhatPublishRefuses() {
    EventBus bus = EventBus.builder().build();
    assertThrows(NullPointerException.class, () -> bus.post(null));
    assertThrows(IllegalArgumentException.class, () -> bus.post(new Events.NotAnEvent("x")));
    assertThrows(IllegalArgumentException.class, () -> bus.post(new Ping(1), "orders.*"));
    assertThrows(NullPointerException.class, () -> bus.post(new Ping(1), null));
    bus.close();
    IllegalStateException closed =
        assertThrows(IllegalStateException.class, () -> bus.post(new Ping(1)));
    assertTrue(closed.getMessage().startsWith("the bus is closed"), closed.getMessage());
  }

  static final class Chain {
    final EventBus bus;
    final List<EventContext> contexts = new CopyOnWriteArrayList<>();

    Chain(EventBus bus) {
      this.bus = bus;
    }

    @Subscribe(priority = Priority.IMMEDIATE)
    void opened(AccountOpened opened) {
      bus.post(new AccountClosed(opened.accountId()), "accounts.closing");
    }

    @Subscribe(priority = Priority.IMMEDIATE)
    void closed(AccountClosed closed, EventContext context) {
      contexts.add(context);
    }
  }

  @Test
  void aPostedContextIsMadeWhenReadYetKeepsCausationAndTimeOrder() {
    try (EventBus bus = EventBus.builder().build()) {
      Chain chain = new Chain(bus);
      bus.register(chain);

      bus.post(new AccountOpened("a-1", "ada"));
      bus.post(new AccountOpened("a-2", "bob"));

      assertEquals(2, chain.contexts.size());
      EventContext first = chain.contexts.get(0);
      EventContext second = chain.contexts.get(1);
      assertEquals("accounts.closing", first.topic());
      assertEquals("account.closed", first.typeName());
      assertEquals(first.correlationId(), first.causationId().orElseThrow(),
          "the opening event, which nobody read, was given an id when its child needed it");
      assertTrue(first.eventId().compareTo(first.causationId().orElseThrow()) > 0,
          "a cause is older than its effect");
      assertTrue(second.causationId().orElseThrow().compareTo(first.eventId()) > 0,
          "an event posted later has a later id");
      assertTrue(second.eventId().compareTo(second.causationId().orElseThrow()) > 0);
      assertFalse(second.timestamp().isBefore(first.timestamp()));
    }
  }

  @Test
  void postOnATopicReachesOnlyTheHandlersOfThatTopic() {
    try (EventBus bus = EventBus.builder().build()) {
      List<String> seen = new CopyOnWriteArrayList<>();
      bus.subscribe(
          Ping.class,
          ping -> seen.add("eu " + ping.number),
          SubscribeOptions.defaults().priority(Priority.IMMEDIATE).topics("pings.eu"));
      bus.subscribe(
          Ping.class,
          ping -> seen.add("any " + ping.number),
          SubscribeOptions.defaults().priority(Priority.IMMEDIATE));

      bus.post(new Ping(1), "pings.eu");
      bus.post(new Ping(2), "pings.us");
      bus.post(new Ping(3));

      assertEquals(List.of("eu 1", "any 1", "any 2", "any 3"), seen);
    }
  }

  /** Waits through the interrupt close sends, so that the next delivery cannot start. */
  private static void awaitUninterruptibly(CountDownLatch latch) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (latch.getCount() > 0 && System.nanoTime() < deadline) {
      try {
        latch.await(10, TimeUnit.MILLISECONDS);
      } catch (InterruptedException closing) {
        // keep waiting: the test releases the latch once close returned
      }
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
