package io.torematrix.eventbus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.Subscription;
import io.torematrix.eventbus.annotation.Priority;
import io.torematrix.eventbus.annotation.Subscribe;
import io.torematrix.eventbus.it.Events.Ping;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Publishing while other threads subscribe and unsubscribe handlers of the published type: the
 * routes publishers read are replaced under them, and none of that may cost a listener that stays
 * registered an event, or deliver one twice, nor run a handler whose subscription was closed.
 */
class SubscriptionChurnTest {
  private static final int EVENTS = 20_000;
  private static final int CHURNERS = 2;

  /** Counts the pings it receives; complains about any received once it is closed. */
  static final class Counter {
    final AtomicIntegerArray immediate = new AtomicIntegerArray(EVENTS);
    final AtomicIntegerArray normal = new AtomicIntegerArray(EVENTS);
    final AtomicBoolean closed = new AtomicBoolean();
    final ConcurrentLinkedQueue<String> problems;
    int next;

    Counter(ConcurrentLinkedQueue<String> problems) {
      this.problems = problems;
    }

    @Subscribe(priority = Priority.IMMEDIATE)
    void inOrder(Ping ping) {
      check(ping);
      immediate.incrementAndGet(ping.number);
    }

    @Subscribe
    void later(Ping ping) {
      check(ping);
      normal.incrementAndGet(ping.number);
    }

    private void check(Ping ping) {
      if (closed.get()) {
        problems.add("a closed listener received " + ping);
      }
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aListenerRegisteredThroughoutReceivesEveryEventOnceWhileOthersComeAndGo() throws Exception {
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    Counter steady = new Counter(problems);
    AtomicBoolean publishing = new AtomicBoolean(true);
    ExecutorService churners = Executors.newFixedThreadPool(CHURNERS);
    try (EventBus bus = EventBus.create()) {
      bus.register(steady);
      List<Future<Integer>> churned = new ArrayList<>();
      for (int c = 0; c < CHURNERS; c++) {
        churned.add(churners.submit(() -> churn(bus, publishing, problems)));
      }
      int immediateOrder = 0;
      for (int i = 0; i < EVENTS; i++) {
        Ping ping = new Ping(i);
        if (i % 2 == 0) {
          bus.post(ping);
        } else {
          bus.publish(ping);
        }
        if (steady.immediate.get(i) == 1) {
          immediateOrder++;
        }
      }
      publishing.set(false);
      int changes = 0;
      for (Future<Integer> churner : churned) {
        changes += churner.get(60, TimeUnit.SECONDS);
      }
      assertTrue(bus.drain(Duration.ofSeconds(30)), "the bus did not drain");

      assertEquals(List.of(), List.copyOf(problems));
      assertEquals(EVENTS, immediateOrder, "IMMEDIATE deliveries done before publish returned");
      for (int i = 0; i < EVENTS; i++) {
        assertEquals(1, steady.immediate.get(i), "IMMEDIATE deliveries of ping " + i);
        assertEquals(1, steady.normal.get(i), "NORMAL deliveries of ping " + i);
      }
      assertTrue(changes > 0, "no subscription changed while publishing");
    } finally {
      churners.shutdownNow();
    }
  }

  /**
   * Registers and closes listeners of the published type, and lambdas, until publishing ends.
   *
   * @return how many subscriptions it made and closed
   */
  private static int churn(
      EventBus bus, AtomicBoolean publishing, ConcurrentLinkedQueue<String> problems) {
    SubscribeOptions<Ping> immediate =
        SubscribeOptions.<Ping>defaults().priority(Priority.IMMEDIATE);
    int made = 0;
    while (publishing.get()) {
      Counter passing = new Counter(problems);
      Subscription listener = bus.register(passing);
      AtomicBoolean lambdaClosed = new AtomicBoolean();
      Subscription lambda =
          bus.subscribe(
              Ping.class,
              ping -> {
                if (lambdaClosed.get()) {
                  problems.add("a closed lambda received " + ping);
                }
              },
              immediate);
      listener.close();
      passing.closed.set(true);
      lambda.close();
      lambdaClosed.set(true);
      made += 2;
    }
    return made;
  }
}
