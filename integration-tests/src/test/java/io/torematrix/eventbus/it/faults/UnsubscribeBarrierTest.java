package io.torematrix.eventbus.it.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.PublishResult;
import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.Subscription;
import io.torematrix.eventbus.annotation.Priority;
import io.torematrix.eventbus.it.faults.FaultEvents.Work;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 11, kind 6: unsubscribing is a barrier. Once {@code Subscription.close()} returned, no
 * invocation of the subscription's handler, filter or error callback starts, and those that had
 * started have ended (they happen-before the return), at every level, ordered and batch handlers
 * included; closed from inside its own handler, it returns at once.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UnsubscribeBarrierTest {

  @Test
  void closeWaitsForAFilterThatIsRunningAtEveryLevel() throws Exception {
    for (Priority priority : Priority.values()) {
      assertCloseWaitsForTheRunningFilter(SubscribeOptions.<Work>defaults().priority(priority));
    }
    assertCloseWaitsForTheRunningFilter(SubscribeOptions.<Work>defaults().ordered());
  }

  private static void assertCloseWaitsForTheRunningFilter(SubscribeOptions<Work> options)
      throws Exception {
    try (EventBus bus = EventBus.create()) {
      CountDownLatch filtering = new CountDownLatch(1);
      AtomicBoolean closed = new AtomicBoolean();
      AtomicInteger afterClose = new AtomicInteger();
      AtomicInteger handled = new AtomicInteger();
      Subscription subscription =
          bus.subscribe(
              Work.class,
              work -> {
                if (closed.get()) {
                  afterClose.incrementAndGet();
                }
                handled.incrementAndGet();
              },
              options.filter(
                  work -> {
                    if (closed.get()) {
                      afterClose.incrementAndGet();
                    }
                    filtering.countDown();
                    sleep(100);
                    return true;
                  }));
      CompletableFuture<PublishResult> first =
          CompletableFuture.supplyAsync(() -> bus.publish(new Work(0, 1)))
              .thenCompose(stage -> stage);
      assertTrue(filtering.await(10, TimeUnit.SECONDS));

      subscription.close();
      closed.set(true);

      assertEquals(1, handled.get(), options.priority() + ": the invocation that passed the gate ended before close returned");
      assertEquals(0, bus.publish(new Work(0, 2)).toCompletableFuture().get(10, TimeUnit.SECONDS).deferred());
      assertTrue(bus.drain(Duration.ofSeconds(10)));
      first.get(10, TimeUnit.SECONDS);
      assertEquals(0, afterClose.get(), options.priority() + ": nothing of the subscription ran after close");
    }
  }

  @Test
  void closeWaitsForABatchThatIsBeingHandled() throws Exception {
    try (EventBus bus = EventBus.create()) {
      CountDownLatch handling = new CountDownLatch(1);
      AtomicBoolean closed = new AtomicBoolean();
      AtomicInteger afterClose = new AtomicInteger();
      AtomicInteger batchedEvents = new AtomicInteger();
      Subscription subscription =
          bus.subscribeBatch(
              Work.class,
              batch -> {
                if (closed.get()) {
                  afterClose.incrementAndGet();
                }
                handling.countDown();
                sleep(100);
                batchedEvents.addAndGet(batch.size());
              },
              SubscribeOptions.defaults().priority(Priority.DEFERRED).batch(2, Duration.ofSeconds(30)));
      bus.publish(new Work(0, 1));
      bus.publish(new Work(0, 2));
      assertTrue(handling.await(10, TimeUnit.SECONDS));
      bus.publish(new Work(0, 3));

      subscription.close();
      closed.set(true);

      assertEquals(2, batchedEvents.get(), "the running batch ended before close returned");
      assertTrue(bus.drain(Duration.ofSeconds(10)));
      assertEquals(0, afterClose.get(), "the pending event was not delivered after close");
      assertEquals(1, bus.metrics().eventType("fault.work").orElseThrow().skipped(), "it is counted as skipped");
    }
  }

  @Test
  void closeWaitsForAnErrorCallbackThatIsRunning() throws Exception {
    try (EventBus bus = EventBus.builder().errorHandler(failure -> {}).build()) {
      CountDownLatch calledBack = new CountDownLatch(1);
      AtomicBoolean callbackDone = new AtomicBoolean();
      Subscription subscription =
          bus.subscribe(
              Work.class,
              work -> {
                throw new IllegalStateException("handler failed");
              },
              SubscribeOptions.<Work>defaults()
                  .onError(
                      (work, error) -> {
                        calledBack.countDown();
                        sleep(100);
                        callbackDone.set(true);
                      }));
      bus.publish(new Work(0, 1));
      assertTrue(calledBack.await(10, TimeUnit.SECONDS));

      subscription.close();

      assertTrue(callbackDone.get(), "the error callback ended before close returned");
    }
  }

  @Test
  void closingASubscriptionFromInsideItsOwnHandlerReturnsAtOnce() throws Exception {
    for (Priority priority : Priority.values()) {
      try (EventBus bus = EventBus.create()) {
        AtomicReference<Subscription> self = new AtomicReference<>();
        AtomicInteger handled = new AtomicInteger();
        CountDownLatch returned = new CountDownLatch(1);
        self.set(
            bus.subscribe(
                Work.class,
                work -> {
                  handled.incrementAndGet();
                  while (self.get() == null) {
                    Thread.onSpinWait();
                  }
                  self.get().close();
                  returned.countDown();
                },
                SubscribeOptions.defaults().priority(priority)));

        bus.publish(new Work(0, 1));
        assertTrue(returned.await(10, TimeUnit.SECONDS), priority + ": close returned at once");
        assertTrue(bus.drain(Duration.ofSeconds(10)));
        bus.publish(new Work(0, 2));
        assertTrue(bus.drain(Duration.ofSeconds(10)));

        assertEquals(1, handled.get(), priority + ": the handler unsubscribed itself");
        assertFalse(self.get().isActive());
      }
    }
  }

  @Test
  void handlersClosingEachOthersSubscriptionsDoNotWaitForEachOtherForEver() throws Exception {
    assertHandlersClosingEachOthersSubscriptionsReturn(Priority.NORMAL);
  }

  @Test
  void immediateHandlersClosingEachOthersSubscriptionsOnTheFastPathDoNotWaitForEachOtherForEver()
      throws Exception {
    assertHandlersClosingEachOthersSubscriptionsReturn(Priority.IMMEDIATE);
  }

  /**
   * Two events, published on two threads, whose handlers at {@code priority} each close the
   * other's subscription while the other's handler runs: each close would wait for the other's.
   */
  private static void assertHandlersClosingEachOthersSubscriptionsReturn(Priority priority)
      throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    ExecutorService publishers = Executors.newFixedThreadPool(2);
    try (EventBus bus = EventBus.builder().executor(threads).build()) {
      AtomicReference<Subscription> first = new AtomicReference<>();
      AtomicReference<Subscription> second = new AtomicReference<>();
      CountDownLatch bothRunning = new CountDownLatch(2);
      CompletableFuture<Void> firstReturned = new CompletableFuture<>();
      CompletableFuture<Void> secondReturned = new CompletableFuture<>();
      Consumer<Work> closeOther =
          work -> {
            boolean isFirst = work.publisher() == 1;
            bothRunning.countDown();
            try {
              assertTrue(bothRunning.await(30, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
              throw new AssertionError(e);
            }
            (isFirst ? second : first).get().close();
            (isFirst ? firstReturned : secondReturned).complete(null);
          };
      SubscribeOptions<Work> options = SubscribeOptions.<Work>defaults().priority(priority);
      first.set(
          bus.subscribe(
              Work.class,
              work -> {
                if (work.publisher() == 1) {
                  closeOther.accept(work);
                }
              },
              options));
      second.set(
          bus.subscribe(
              Work.class,
              work -> {
                if (work.publisher() == 2) {
                  closeOther.accept(work);
                }
              },
              options));

      Future<?> firstPublished = publishers.submit(() -> bus.publish(new Work(1, 1)));
      Future<?> secondPublished = publishers.submit(() -> bus.publish(new Work(2, 1)));

      CompletableFuture.allOf(firstReturned, secondReturned).get(30, TimeUnit.SECONDS);
      firstPublished.get(30, TimeUnit.SECONDS);
      secondPublished.get(30, TimeUnit.SECONDS);
      assertFalse(first.get().isActive());
      assertFalse(second.get().isActive());
      assertTrue(bus.drain(Duration.ofSeconds(10)), "both handlers returned");
    } finally {
      publishers.shutdownNow();
      threads.shutdownNow();
    }
  }

  @Test
  void noInvocationStartsAfterCloseReturnsUnderLoad() throws Exception {
    try (EventBus bus = EventBus.builder().queueCapacity(100_000).build()) {
      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong late = new AtomicLong();
      AtomicLong deliveries = new AtomicLong();
      ExecutorService publishers = Executors.newFixedThreadPool(2);
      List<Future<?>> running = new ArrayList<>();
      for (int p = 0; p < 2; p++) {
        int publisher = p;
        running.add(
            publishers.submit(
                () -> {
                  for (int i = 0; !stop.get(); i++) {
                    bus.publish(new Work(publisher, i));
                  }
                }));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      int rounds = 0;
      while (System.nanoTime() < deadline && deliveries.get() < 1_000_000) {
        AtomicBoolean closed = new AtomicBoolean();
        Consumer<Work> handler =
            work -> {
              deliveries.incrementAndGet();
              if (closed.get()) {
                late.incrementAndGet();
              }
            };
        Priority priority = Priority.values()[rounds % 3];
        Subscription subscription =
            bus.subscribe(Work.class, handler, SubscribeOptions.<Work>defaults().priority(priority));
        sleep(2);
        subscription.close();
        closed.set(true);
        rounds++;
      }
      stop.set(true);
      for (Future<?> publisher : running) {
        publisher.get(30, TimeUnit.SECONDS);
      }
      publishers.shutdown();
      assertTrue(bus.drain(Duration.ofSeconds(30)));

      assertTrue(deliveries.get() > 0);
      assertEquals(0, late.get(), "invocations started after close returned, in " + rounds
          + " subscriptions and " + deliveries + " deliveries");
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
