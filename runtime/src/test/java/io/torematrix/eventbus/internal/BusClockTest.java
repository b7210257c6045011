package io.torematrix.eventbus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventBusBuilder;
import io.torematrix.eventbus.PublishResult;
import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.annotation.Priority;
import io.torematrix.eventbus.internal.TestEvents.Ping;
import io.torematrix.eventbus.internal.TestEvents.Pong;
import io.torematrix.eventbus.internal.TestEvents.Responder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The clock thread and the deadlines it keeps: they last as long as they are needed, no longer. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BusClockTest {
  private static final int ROUNDS = 1_000;
  private static final int PER_ROUND = 100;

  @Test
  void aHundredThousandCompletedRequestsLeaveNoPendingDeadline() throws Exception {
    try (EventBus bus = builder().directExecution().build()) {
      Responder responder = new Responder(bus, true);
      bus.register(responder);
      List<CompletableFuture<Pong>> replies = new ArrayList<>(PER_ROUND);
      for (int round = 0; round < ROUNDS; round++) {
        replies.clear();
        for (int i = 0; i < PER_ROUND; i++) {
          replies.add(bus.request(new Ping(i), Pong.class, Duration.ofHours(1)).toCompletableFuture());
        }
        if (round == 0) {
          assertEquals(PER_ROUND, BusClock.pendingDeadlines(), "each waiting request has a deadline");
        }
        assertEquals(PER_ROUND, responder.replyToPending());
        for (CompletableFuture<Pong> reply : replies) {
          reply.get(10, TimeUnit.SECONDS);
        }
      }
      assertEquals(0, BusClock.pendingDeadlines(), "100,000 answered requests hold no deadline");
    }
  }

  @Test
  void aHundredThousandCompletedAsyncHandlersLeaveNoPendingDeadline() throws Exception {
    try (EventBus bus = builder().directExecution().build()) {
      Queue<CompletableFuture<Void>> running = new ArrayDeque<>();
      bus.subscribeAsync(
          Ping.class,
          ping -> {
            CompletableFuture<Void> stage = new CompletableFuture<>();
            running.add(stage);
            return stage;
          },
          SubscribeOptions.defaults().timeout(Duration.ofHours(1)));
      List<CompletableFuture<PublishResult>> results = new ArrayList<>(PER_ROUND);
      for (int round = 0; round < ROUNDS; round++) {
        results.clear();
        for (int i = 0; i < PER_ROUND; i++) {
          results.add(bus.publish(new Ping(i)).toCompletableFuture());
        }
        if (round == 0) {
          assertEquals(PER_ROUND, BusClock.pendingDeadlines(), "each running handler has a deadline");
        }
        CompletableFuture<Void> stage;
        while ((stage = running.poll()) != null) {
          stage.complete(null);
        }
        for (CompletableFuture<PublishResult> result : results) {
          assertEquals(1, result.get(10, TimeUnit.SECONDS).delivered());
        }
      }
      assertEquals(0, BusClock.pendingDeadlines(), "100,000 completed handlers hold no deadline");
    }
  }

  @Test
  void noBusThreadIsAliveAfterTheLastBusCloses() throws Exception {
    ExecutorService given = Executors.newSingleThreadExecutor();
    EventBus pooled = builder().build();
    EventBus direct = builder().directExecution().build();
    EventBus onGivenExecutor = builder().executor(given).build();
    for (EventBus bus : List.of(pooled, direct, onGivenExecutor)) {
      CountDownLatch deferredRan = new CountDownLatch(1);
      bus.subscribe(Ping.class, ping -> {});
      bus.subscribe(
          Ping.class,
          ping -> deferredRan.countDown(),
          SubscribeOptions.defaults().priority(Priority.DEFERRED));
      bus.publish(new Ping(1)).toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertTrue(deferredRan.await(10, TimeUnit.SECONDS));
    }
    List<String> running = busThreads();
    assertTrue(running.contains(BusClock.THREAD_NAME), running.toString());
    assertTrue(running.stream().anyMatch(name -> name.endsWith("-normal-1")), running.toString());
    assertTrue(running.stream().anyMatch(name -> name.endsWith("-deferred-1")), running.toString());

    pooled.close();
    direct.close();
    assertTrue(busThreads().contains(BusClock.THREAD_NAME), "one bus is still open");
    onGivenExecutor.close();
    given.shutdown();

    assertEquals(List.of(), awaitNoBusThread(Duration.ofSeconds(10)));
    assertTrue(pooled.isClosed() && direct.isClosed() && onGivenExecutor.isClosed());

    try (EventBus again = builder().directExecution().build()) {
      again.subscribe(Ping.class, ping -> {});
      Instant before = Instant.now().minusMillis(1);
      Instant stamped =
          again.publish(new Ping(2)).toCompletableFuture().get().context().timestamp();
      assertTrue(
          !stamped.isBefore(before.minusSeconds(1)) && busThreads().contains(BusClock.THREAD_NAME),
          "a new bus starts the clock again: stamped " + stamped + ", before " + before);
    }
  }

  @Test
  void aRequestStillWaitingWhenTheBusClosesFailsAndHoldsNoThread() throws Exception {
    EventBus bus = builder().directExecution().build();
    Responder responder = new Responder(bus, true);
    bus.register(responder);
    CompletableFuture<Pong> reply =
        bus.request(new Ping(1), Pong.class, Duration.ofHours(1)).toCompletableFuture();
    String replyTo = responder.pending.peek().replyTo().orElseThrow();

    bus.close();

    ExecutionException e =
        assertThrows(ExecutionException.class, () -> reply.get(10, TimeUnit.SECONDS));
    assertInstanceOf(IllegalStateException.class, e.getCause());
    assertEquals(
        "the bus closed before a test.pong reply to the test.ping request arrived on " + replyTo,
        e.getCause().getMessage());
    assertEquals(List.of(), awaitNoBusThread(Duration.ofSeconds(10)), "the deadline went with it");
  }

  private static EventBusBuilder builder() {
    return EventBus.builder().discoverIndexes(false).index(new TestEvents());
  }

  /** The names of the live threads a bus started. */
  private static List<String> busThreads() {
    List<String> names = new ArrayList<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.isAlive() && thread.getName().startsWith("torematrix-eventbus")) {
        names.add(thread.getName());
      }
    }
    return names;
  }

  private static List<String> awaitNoBusThread(Duration patience) throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    List<String> running = busThreads();
    while (!running.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
      running = busThreads();
    }
    return running;
  }
}
