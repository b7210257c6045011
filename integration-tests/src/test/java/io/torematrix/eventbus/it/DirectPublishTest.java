package io.torematrix.eventbus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.EventMiddleware;
import io.torematrix.eventbus.EventStores;
import io.torematrix.eventbus.HandlerFailure;
import io.torematrix.eventbus.PublishResult;
import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.Subscription;
import io.torematrix.eventbus.annotation.Priority;
import io.torematrix.eventbus.annotation.Subscribe;
import io.torematrix.eventbus.it.Events.AccountClosed;
import io.torematrix.eventbus.it.Events.AccountOpened;
import io.torematrix.eventbus.it.Events.Ping;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code publish} of an event that meets no middleware and no store and whose handlers all run
 * synchronously at {@code IMMEDIATE}: its handlers run at once and its context is made only when
 * read, or for its result; the result and the context are those of any other publish.
 */
class DirectPublishTest {
  private static final SubscribeOptions<Object> IMMEDIATE =
      SubscribeOptions.defaults().priority(Priority.IMMEDIATE);

  private static PublishResult resultOf(CompletionStage<PublishResult> stage)
      throws Exception {
    CompletableFuture<PublishResult> future = stage.toCompletableFuture();
    assertTrue(future.isDone(), "IMMEDIATE handlers only: the stage is complete when publish returns");
    return future.get(10, TimeUnit.SECONDS);
  }

  @Test
  void aContextNobodyReadIsMadeForTheResultInPublishingOrder() throws Exception {
    try (EventBus bus = EventBus.create()) {
      List<Integer> seen = new CopyOnWriteArrayList<>();
      bus.subscribe(Ping.class, ping -> seen.add(ping.number), IMMEDIATE);

      PublishResult first = resultOf(bus.publish(new Ping(1)));
      PublishResult second = resultOf(bus.publish(new Ping(2)));

      assertEquals(List.of(1, 2), seen);
      EventContext context = first.context();
      assertEquals("ping", context.typeName());
      assertEquals(1, context.typeVersion());
      assertEquals("ping", context.topic(), "the default topic is the type's name");
      assertEquals(context.eventId(), context.correlationId(), "a root event correlates itself");
      assertTrue(context.causationId().isEmpty());
      assertEquals(1, first.delivered());
      assertTrue(first.isSuccessful());
      assertTrue(
          second.context().eventId().compareTo(first.context().eventId()) > 0,
          "an event published later has a later id");
      assertFalse(second.context().timestamp().isBefore(first.context().timestamp()));
    }
  }

  @Test
  void theResultCarriesTheContextTheHandlerRead() throws Exception {
    try (EventBus bus = EventBus.create()) {
      List<EventContext> read = new CopyOnWriteArrayList<>();
      Reader reader = new Reader(read);
      bus.register(reader);

      PublishResult result = resultOf(bus.publish(new AccountClosed("a-1")));

      assertEquals(1, read.size());
      assertSame(read.get(0), result.context(), "one context per event, made once");
      assertEquals(2, result.context().typeVersion());
    }
  }

  static final class Reader {
    final List<EventContext> read;

    Reader(List<EventContext> read) {
      this.read = read;
    }

    @Subscribe(priority = Priority.IMMEDIATE)
    void closed(AccountClosed closed, EventContext context) {
      read.add(context);
    }
  }

  /** Publishes an {@code AccountClosed} from its handler of {@code AccountOpened}. */
  static final class Closer {
    final EventBus bus;
    final List<PublishResult> children = new CopyOnWriteArrayList<>();

    Closer(EventBus bus) {
      this.bus = bus;
    }

    @Subscribe(priority = Priority.IMMEDIATE)
    void opened(AccountOpened opened) {
      children.add(bus.publish(new AccountClosed(opened.accountId())).toCompletableFuture().join());
    }
  }

  @Test
  void anEventPublishedFromAHandlerIsCausedByTheUnreadParentAndYounger() throws Exception {
    try (EventBus bus = EventBus.create()) {
      Closer closer = new Closer(bus);
      bus.register(closer);
      bus.subscribe(AccountClosed.class, closed -> {}, IMMEDIATE);

      PublishResult parent = resultOf(bus.publish(new AccountOpened("a-1", "ada")));

      assertEquals(1, closer.children.size());
      EventContext child = closer.children.get(0).context();
      assertEquals(parent.context().eventId(), child.causationId().orElseThrow());
      assertEquals(parent.context().correlationId(), child.correlationId());
      assertTrue(
          child.eventId().compareTo(parent.context().eventId()) > 0,
          "the parent's id was made when its child needed it, before the child's");
      assertEquals("accounts.opened", parent.context().topic());
    }
  }

  @Test
  void aFailureOfADirectPublishIsInTheResultTheErrorHandlerAndTheCallback() throws Exception {
    Buses.Failures failures = new Buses.Failures();
    try (EventBus bus = EventBus.builder().errorHandler(failures).build()) {
      List<Throwable> told = new CopyOnWriteArrayList<>();
      Error error = new AssertionError("ping refused");
      bus.subscribe(
          Ping.class,
          ping -> {
            throw error;
          },
          SubscribeOptions.<Ping>defaults()
              .priority(Priority.IMMEDIATE)
              .onError((ping, failure) -> told.add(failure)));

      PublishResult result = resultOf(bus.publish(new Ping(1)));

      assertEquals(1, result.failed());
      assertEquals(List.of(error), told);
      assertEquals(1, failures.seen.size());
      HandlerFailure failure = result.failures().get(0);
      assertSame(failures.seen.get(0), failure);
      assertSame(error, failure.error(), "an Error is a failure like any other");
      assertSame(result.context(), failure.context());
      assertEquals(1, bus.metrics().eventType("ping").orElseThrow().failed());
    }
  }

  @Test
  void subscriptionsChangedBetweenPublishesDecideTheNextOne() throws Exception {
    try (EventBus bus = EventBus.create()) {
      List<String> seen = new CopyOnWriteArrayList<>();
      Subscription first = bus.subscribe(Ping.class, ping -> seen.add("first"), IMMEDIATE);
      assertEquals(1, resultOf(bus.publish(new Ping(1))).delivered());

      bus.subscribe(Ping.class, ping -> seen.add("second"), IMMEDIATE);
      assertEquals(2, resultOf(bus.publish(new Ping(2))).delivered());

      first.close();
      assertEquals(1, resultOf(bus.publish(new Ping(3))).delivered());
      bus.post(new Ping(4));

      CountDownLatch release = new CountDownLatch(1);
      bus.subscribe(Ping.class, ping -> await(release), SubscribeOptions.defaults());
      CompletableFuture<PublishResult> awaited = bus.publish(new Ping(5)).toCompletableFuture();
      assertFalse(awaited.isDone(), "a NORMAL handler now: the stage awaits it");
      release.countDown();
      assertEquals(2, awaited.get(10, TimeUnit.SECONDS).delivered());

      assertEquals(List.of("first", "first", "second", "second", "second", "second"), seen);
    }
  }

  @Test
  void middlewareStillSeesAPublishOfAnImmediateOnlyType() throws Exception {
    List<EventContext> intercepted = new CopyOnWriteArrayList<>();
    EventMiddleware recording =
        chain -> {
          intercepted.add(chain.context());
          return chain.proceed();
        };
    try (EventBus bus = EventBus.builder().middleware(recording).build()) {
      bus.subscribe(Ping.class, ping -> {}, IMMEDIATE);

      PublishResult result = resultOf(bus.publish(new Ping(1)));
      bus.post(new Ping(2));

      assertEquals(2, intercepted.size());
      assertSame(intercepted.get(0), result.context());
    }
  }

  @Test
  void aStoreStillGetsAPublishOfAnImmediateOnlyTypeFirst() throws Exception {
    try (EventBus bus = EventBus.builder().store(EventStores.inMemory()).build()) {
      List<Integer> storedWhenHandled = new CopyOnWriteArrayList<>();
      bus.subscribe(
          Ping.class,
          ping ->
              storedWhenHandled.add(
                  bus.getEvents(Ping.class, p -> true).toCompletableFuture().join().size()),
          IMMEDIATE);

      PublishResult result = resultOf(bus.publish(new Ping(1)));

      assertEquals(List.of(1), storedWhenHandled, "appended before the handler ran");
      assertEquals(1, result.delivered());
    }
  }

  @Test
  void aDirectPublishAfterCloseIsRefused() {
    EventBus bus = EventBus.create();
    bus.subscribe(Ping.class, ping -> {}, IMMEDIATE);
    bus.close();

    IllegalStateException refused =
        assertThrows(IllegalStateException.class, () -> bus.publish(new Ping(1)));

    assertEquals("the bus is closed: ping event Ping1 was not published", refused.getMessage());
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(10, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
