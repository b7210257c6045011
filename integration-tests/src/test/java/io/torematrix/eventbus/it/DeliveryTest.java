package io.torematrix.eventbus.it;

import static io.torematrix.eventbus.it.Buses.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.HandlerFailure;
import io.torematrix.eventbus.PublishResult;
import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.annotation.Priority;
import io.torematrix.eventbus.annotation.Subscribe;
import io.torematrix.eventbus.it.Events.AccountClosed;
import io.torematrix.eventbus.it.Events.AccountOpened;
import io.torematrix.eventbus.it.Events.Ping;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Priorities, order, topics, filters, failures and contexts, through generated dispatchers. */
class DeliveryTest {
  private final Buses.Failures failures = new Buses.Failures();
  private final EventBus bus = EventBus.builder().errorHandler(failures).build();

  @AfterEach
  void close() {
    bus.close();
  }

  static class Levels {
    final Recorder recorder = new Recorder();
    final List<Thread> threads = new CopyOnWriteArrayList<>();

    @Subscribe(priority = Priority.DEFERRED)
    void deferred(Ping ping) {
      recorder.add("deferred");
    }

    @Subscribe
    void normal(Ping ping) {
      threads.add(Thread.currentThread());
      recorder.add("normal");
    }

    @Subscribe(priority = Priority.IMMEDIATE, order = 5)
    void immediateLater(Ping ping) {
      recorder.add("immediate 5");
    }

    @Subscribe(priority = Priority.IMMEDIATE, order = -5)
    void immediateFirst(Ping ping) {
      threads.add(Thread.currentThread());
      recorder.add("immediate -5");
    }

    @Subscribe(priority = Priority.IMMEDIATE, order = 5)
    void immediateTie(Ping ping) {
      recorder.add("immediate 5 second");
    }
  }

  @Test
  void immediateHandlersRunOnThePublisherByOrderBeforePublishReturns() throws Exception {
    Levels levels = new Levels();
    bus.register(levels);

    CompletionStage<PublishResult> stage = bus.publish(new Ping(1));
    List<String> whenPublishReturned = levels.recorder.entries();
    PublishResult result = await(stage);
    assertTrue(bus.drain(Duration.ofSeconds(10)));

    assertEquals(
        List.of("immediate -5", "immediate 5", "immediate 5 second"),
        whenPublishReturned.subList(0, 3));
    assertSame(Thread.currentThread(), levels.threads.get(0));
    assertNotEquals(Thread.currentThread(), levels.threads.get(1), "NORMAL runs on the bus");
    assertEquals(4, result.delivered(), "IMMEDIATE and NORMAL are awaited");
    assertEquals(1, result.deferred());
    List<String> all = levels.recorder.entries();
    assertEquals(5, all.size(), all.toString());
    assertEquals(
        Set.of("normal", "deferred"),
        Set.copyOf(all.subList(3, 5)),
        "NORMAL and DEFERRED run after publish returned, on their own threads, in no promised order");
  }

  static class Topics {
    final Recorder recorder = new Recorder();

    @Subscribe(priority = Priority.IMMEDIATE)
    void everyTopic(AccountOpened event, EventContext context) {
      recorder.add("every " + context.topic());
    }

    @Subscribe(priority = Priority.IMMEDIATE, topics = "accounts.*")
    void oneLevel(AccountOpened event, EventContext context) {
      recorder.add("one " + context.topic());
    }

    @Subscribe(priority = Priority.IMMEDIATE, topics = {"vip.>", "audit.accounts"})
    void vipOrAudit(AccountOpened event, EventContext context) {
      recorder.add("vip " + context.topic());
    }
  }

  @Test
  void topicPatternsSelectHandlersAndTheDefaultTopicComesFromTheEventType() {
    Topics topics = new Topics();
    bus.register(topics);

    await(bus.publish(new AccountOpened("a", "x")));
    await(bus.publish(new AccountOpened("a", "x"), "vip.eu.opened"));
    await(bus.publish(new AccountOpened("a", "x"), "audit.accounts"));
    PublishResult dead = await(bus.publish(new AccountClosed("a"), "nobody.listens"));

    assertEquals(
        List.of(
            "every accounts.opened",
            "one accounts.opened",
            "every vip.eu.opened",
            "vip vip.eu.opened",
            "every audit.accounts",
            "vip audit.accounts"),
        topics.recorder.entries());
    assertTrue(dead.isDead());
  }

  @Test
  void anEventWithoutTopicAttributeIsPublishedOnItsName() {
    bus.subscribe(AccountClosed.class, e -> {});
    assertEquals("account.closed", await(bus.publish(new AccountClosed("c"))).context().topic());
  }

  @Test
  void anInvalidTopicIsRefusedWhenPublishing() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> bus.publish(new Ping(1), "orders.*"));
    assertEquals(
        "invalid topic \"orders.*\": '*' is a wildcard, allowed in subscription patterns only",
        e.getMessage());
  }

  static class Filtered {
    final Recorder recorder = new Recorder();

    @Subscribe(priority = Priority.IMMEDIATE, filter = "isAdmin")
    void admins(AccountOpened event) {
      recorder.add("admin " + event.owner());
    }

    boolean isAdmin(AccountOpened event) {
      return event.owner().startsWith("admin");
    }
  }

  @Test
  void aFilterSkipsEventsAndTheResultCountsThem() {
    Filtered filtered = new Filtered();
    bus.register(filtered);

    PublishResult skipped = await(bus.publish(new AccountOpened("a", "bob")));
    PublishResult taken = await(bus.publish(new AccountOpened("a", "admin7")));

    assertEquals(1, skipped.filtered());
    assertEquals(0, skipped.delivered());
    assertTrue(!skipped.isDead(), "a filtered event was seen, so it is not dead");
    assertEquals(1, taken.delivered());
    assertEquals(List.of("admin admin7"), filtered.recorder.entries());
  }

  static class Failing {
    final List<String> callbacks = new CopyOnWriteArrayList<>();

    @Subscribe(onError = "failed")
    void boom(AccountOpened event) {
      throw new IllegalStateException("boom " + event.accountId());
    }

    @Subscribe(onError = "callbackFails")
    CompletionStage<Void> asyncBoom(AccountOpened event) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("async boom"));
    }

    @Subscribe
    void fine(AccountOpened event) {}

    void failed(AccountOpened event, Throwable error) {
      callbacks.add("failed: " + error.getMessage());
    }

    void callbackFails(AccountOpened event, Throwable error) {
      callbacks.add("callbackFails: " + error.getMessage());
      throw new UnsupportedOperationException("callback broke too");
    }
  }

  @Test
  void everyFailureReachesOnErrorTheBusErrorHandlerAndTheResult() {
    Failing failing = new Failing();
    bus.register(failing);

    PublishResult result = await(bus.publish(new AccountOpened("f1", "x")));

    assertEquals(1, result.delivered());
    assertEquals(2, result.failed());
    assertEquals(
        List.of("callbackFails: async boom", "failed: boom f1"),
        failing.callbacks.stream().sorted().toList());
    List<String> inResult =
        result.failures().stream()
            .map(f -> f.handler() + " " + f.stage() + " " + f.error().getMessage())
            .sorted()
            .toList();
    assertEquals(
        List.of(
            "DeliveryTest.Failing.asyncBoom(AccountOpened) ERROR_CALLBACK callback broke too",
            "DeliveryTest.Failing.asyncBoom(AccountOpened) HANDLER async boom",
            "DeliveryTest.Failing.boom(AccountOpened) HANDLER boom f1"),
        inResult);
    assertEquals(
        inResult,
        failures.seen.stream()
            .map(f -> f.handler() + " " + f.stage() + " " + f.error().getMessage())
            .sorted()
            .toList());
    assertTrue(
        failures.seen.stream().allMatch(f -> f.event() instanceof AccountOpened),
        "failures carry the event");
  }

  @Test
  void aThrowingFilterIsReportedAsAFailure() {
    bus.subscribe(
        Ping.class,
        p -> {},
        SubscribeOptions.<Ping>defaults()
            .priority(Priority.IMMEDIATE)
            .filter(
                p -> {
                  throw new IllegalStateException("filter broke");
                }));

    PublishResult result = await(bus.publish(new Ping(3)));

    assertEquals(1, result.failed());
    HandlerFailure failure = result.failures().get(0);
    assertEquals(HandlerFailure.Stage.FILTER, failure.stage());
    assertEquals("filter broke", failure.error().getMessage());
  }

  @Test
  void anAsyncHandlerReturningNullIsAFailure() {
    bus.subscribeAsync(Ping.class, p -> null);

    PublishResult result = await(bus.publish(new Ping(4)));

    assertEquals(1, result.failed());
    assertTrue(
        result.failures().get(0).error().getMessage().endsWith("returned null instead of a CompletionStage"),
        result.failures().get(0).error().getMessage());
  }

  static class Chain {
    final EventBus bus;
    final List<EventContext> contexts = new CopyOnWriteArrayList<>();

    Chain(EventBus bus) {
      this.bus = bus;
    }

    @Subscribe(priority = Priority.IMMEDIATE)
    void opened(AccountOpened event, EventContext context) {
      contexts.add(context);
      bus.publish(new AccountClosed(event.accountId()));
    }

    @Subscribe(priority = Priority.IMMEDIATE)
    void closed(AccountClosed event, EventContext context) {
      contexts.add(context);
    }
  }

  @Test
  void anEventPublishedByAHandlerInheritsTheCorrelationAndIsCausedByTheHandledEvent() {
    Chain chain = new Chain(bus);
    bus.register(chain);

    await(bus.publish(new AccountOpened("c1", "x")));

    EventContext parent = chain.contexts.get(0);
    EventContext child = chain.contexts.get(1);
    assertEquals(parent.eventId(), parent.correlationId());
    assertTrue(parent.causationId().isEmpty());
    assertEquals(parent.correlationId(), child.correlationId());
    assertEquals(parent.eventId(), child.causationId().orElseThrow());
    assertEquals("account.closed", child.typeName());
    assertEquals(2, child.typeVersion());
    assertTrue(child.eventId().compareTo(parent.eventId()) != 0);
  }

  @Test
  void lambdaSubscriptionsTakeTheirOptions() {
    Recorder recorder = new Recorder();
    bus.subscribe(
        AccountOpened.class,
        e -> recorder.add("lambda " + e.owner()),
        SubscribeOptions.<AccountOpened>defaults()
            .priority(Priority.IMMEDIATE)
            .topics("accounts.*")
            .filter(e -> e.owner().startsWith("a"))
            .onError((e, error) -> recorder.add("error")));

    await(bus.publish(new AccountOpened("1", "ann")));
    await(bus.publish(new AccountOpened("2", "bob")));
    await(bus.publish(new AccountOpened("3", "amy"), "elsewhere"));

    assertEquals(List.of("lambda ann"), recorder.entries());
  }

  @Test
  void anInvalidLambdaTopicPatternIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SubscribeOptions.<Ping>defaults().topics("orders.>.eu"));
    assertEquals(
        "invalid topic pattern \"orders.>.eu\": '>' matches the rest of a topic, so it must be the"
            + " last token",
        e.getMessage());
  }

  @Test
  void anEventNobodyReceivesIsDead() {
    PublishResult result = await(bus.publish(new Ping(9)));
    assertTrue(result.isDead());
    assertEquals(0, result.delivered() + result.filtered() + result.failed() + result.deferred());
  }
}
