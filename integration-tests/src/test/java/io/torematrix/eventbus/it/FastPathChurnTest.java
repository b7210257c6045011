package io.torematrix.eventbus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.Subscription;
import io.torematrix.eventbus.annotation.Priority;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Timeout;

/**
 * Posts from several threads through the fast paths (all handlers {@code IMMEDIATE}: run on the
 * posting thread; all {@code NORMAL}: the lane's ring) while other threads subscribe and
 * unsubscribe: a subscription held throughout gets every event once, and a closed one none after
 * its {@code close()} returned.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FastPathChurnTest {
  private static final int POSTERS = 3;
  private static final int EACH = 4_000;

  @ParameterizedTest
  @EnumSource(value = Priority.class, names = {"IMMEDIATE", "NORMAL"})
  void aSteadySubscriptionGetsEveryPostOnceWhileOthersComeAndGo(Priority priority)
      throws Exception {
    SubscribeOptions<Ping> options = SubscribeOptions.<Ping>defaults().priority(priority);
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    AtomicIntegerArray seen = new AtomicIntegerArray(POSTERS * EACH);
    AtomicBoolean posting = new AtomicBoolean(true);
    ExecutorService threads = Executors.newFixedThreadPool(POSTERS + 1);
    try (EventBus bus = EventBus.builder().queueCapacity(256).build()) {
      bus.subscribe(Ping.class, ping -> seen.incrementAndGet(ping.number), options);
      Future<Integer> churner =
          threads.submit(
              () -> {
                int made = 0;
                while (posting.get()) {
                  AtomicBoolean closed = new AtomicBoolean();
                  Subscription passing =
                      bus.subscribe(
                          Ping.class,
                          ping -> {
                            if (closed.get()) {
                              problems.add("a closed subscription received " + ping);
                            }
                          },
                          options);
                  passing.close();
                  closed.set(true);
                  made++;
                }
                return made;
              });
      List<Future<?>> posters = new ArrayList<>();
      for (int p = 0; p < POSTERS; p++) {
        int first = p * EACH;
        posters.add(
            threads.submit(
                () -> {
                  for (int i = first; i < first + EACH; i++) {
                    bus.post(new Ping(i));
                  }
                }));
      }
      for (Future<?> poster : posters) {
        poster.get(60, TimeUnit.SECONDS);
      }
      posting.set(false);
      int changes = churner.get(60, TimeUnit.SECONDS);
      assertTrue(bus.drain(Duration.ofSeconds(30)), "the bus did not drain");

      assertEquals(List.of(), List.copyOf(problems));
      for (int i = 0; i < POSTERS * EACH; i++) {
        assertEquals(1, seen.get(i), "deliveries of ping " + i);
      }
      assertTrue(changes > 0, "no subscription changed while posting");
      var metrics = bus.metrics().eventType("ping").orElseThrow();
      assertEquals(POSTERS * EACH, metrics.published());
      assertEquals(0, metrics.failed());
    } finally {
      threads.shutdownNow();
    }
  }
}
