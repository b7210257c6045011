package io.torematrix.eventbus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.PublishOptions;
import io.torematrix.eventbus.PublishResult;
import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.annotation.Priority;
import io.torematrix.eventbus.it.Events.AccountClosed;
import io.torematrix.eventbus.it.Events.AccountOpened;
import io.torematrix.eventbus.it.Events.Ping;
import io.torematrix.eventbus.testing.EventRecorder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What users get for their own tests: direct execution and the event recorder. */
class TestingSupportTest {

  @Test
  void directExecutionRunsEveryLevelOnThePublishingThreadBeforePublishReturns() {
    List<String> seen = new CopyOnWriteArrayList<>();
    Thread test = Thread.currentThread();
    try (EventBus bus = EventBus.builder().directExecution().build()) {
      for (Priority priority : Priority.values()) {
        bus.subscribe(
            Ping.class,
            p -> seen.add(priority + (Thread.currentThread() == test ? " here" : " elsewhere")),
            SubscribeOptions.<Ping>defaults().priority(priority));
      }

      CompletableFuture<PublishResult> result = bus.publish(new Ping(1)).toCompletableFuture();

      assertTrue(result.isDone(), "complete when publish returns");
      assertEquals(List.of("IMMEDIATE here", "NORMAL here", "DEFERRED here"), seen);
    }
  }

  @Test
  void directExecutionDeliversPendingBatchesOnDrain() throws Exception {
    List<List<Ping>> batches = new CopyOnWriteArrayList<>();
    try (EventBus bus = EventBus.builder().directExecution().build()) {
      bus.subscribeBatch(
          Ping.class,
          batches::add,
          SubscribeOptions.<Ping>defaults().priority(Priority.DEFERRED).batch(10, Duration.ofHours(1)));
      bus.publish(new Ping(1));
      bus.publish(new Ping(2));
      assertEquals(List.of(), batches);

      assertTrue(bus.drain(Duration.ofSeconds(1)));

      assertEquals(1, batches.size());
      assertEquals(2, batches.get(0).size());
    }
  }

  @Test
  void theRecorderKeepsWhatWasPublishedForAssertions() {
    EventRecorder recorder = new EventRecorder();
    try (EventBus bus = EventBus.builder().directExecution().middleware(recorder).build()) {
      bus.subscribe(AccountOpened.class, opened -> bus.publish(new AccountClosed(opened.accountId())));

      bus.publish(new AccountOpened("r1", "ann"));
    }

    AccountClosed closed = recorder.single(AccountClosed.class);
    assertEquals("r1", closed.accountId());
    assertEquals(
        List.of("account.opened", "account.closed", "torematrix.dead-event"),
        recorder.recorded().stream().map(r -> r.context().typeName()).toList(),
        "nobody handles AccountClosed, so it is followed by its DeadEvent");
    assertEquals(
        recorder.recorded().get(0).context().eventId(),
        recorder.recorded().get(1).context().causationId().orElseThrow());
    recorder.assertPublished(AccountOpened.class, opened -> opened.owner().equals("ann"));
    recorder.assertNotPublished(Ping.class);
  }

  @Test
  void theRecordersAssertionsExplainWhatWasPublished() {
    EventRecorder recorder = new EventRecorder();
    try (EventBus bus = EventBus.builder().directExecution().middleware(recorder).build()) {
      bus.publish(new Ping(1));
    }
    AssertionError error = assertThrows(AssertionError.class, () -> recorder.single(AccountOpened.class));
    assertEquals(
        "expected exactly one AccountOpened but 0 were published; published: [ping on ping: Ping1,"
            + " torematrix.dead-event on torematrix.dead: DeadEvent[event=Ping1, context="
            + recorder.recorded().get(0).context()
            + "]]",
        error.getMessage());
  }

  @Test
  void publishOptionsCarryTopicHeadersAndAnExplicitCause() {
    EventRecorder recorder = new EventRecorder();
    try (EventBus bus = EventBus.builder().directExecution().middleware(recorder).build()) {
      PublishResult first = bus.publish(new Ping(1)).toCompletableFuture().join();
      bus.publish(
          new Ping(2),
          PublishOptions.defaults()
              .topic("pings.second")
              .header("tenant", "acme")
              .causedBy(first.context()));
    }
    var second = recorder.recorded().stream().filter(r -> r.event() instanceof Ping p && p.number == 2).findFirst().orElseThrow();
    assertEquals("pings.second", second.context().topic());
    assertEquals("acme", second.context().headers().get("tenant"));
    assertEquals(
        recorder.recorded().get(0).context().eventId(),
        second.context().causationId().orElseThrow());
    assertSame(Ping.class, second.event().getClass());
  }
}
