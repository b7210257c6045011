package io.torematrix.eventbus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventTypeMetrics;
import io.torematrix.eventbus.HandlerTiming;
import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.TimingSnapshot;
import io.torematrix.eventbus.annotation.Priority;
import io.torematrix.eventbus.it.Events.Ping;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Handler time from a pool whose threads come and go, each recording in a stripe of the histogram:
 * every timed invocation is counted, and the snapshot is consistent.
 */
class HandlerTimeFromManyThreadsTest {

  @Test
  void everyTimedInvocationFromAPoolWhoseThreadsComeAndGoIsCounted() throws Exception {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(0, 24, 1, TimeUnit.MILLISECONDS, new SynchronousQueue<>(),
            new ThreadPoolExecutor.CallerRunsPolicy());
    int waves = 20;
    int tasks = 24;
    int each = 200;
    try (EventBus bus = EventBus.builder().handlerTiming(HandlerTiming.ALL).build()) {
      bus.subscribe(Ping.class, p -> {}, SubscribeOptions.<Ping>defaults().priority(Priority.IMMEDIATE));
      bus.subscribe(Ping.class, p -> {}, SubscribeOptions.<Ping>defaults().priority(Priority.IMMEDIATE));
      for (int w = 0; w < waves; w++) {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
          futures.add(pool.submit(() -> {
            for (int i = 0; i < each; i++) {
              bus.post(new Ping(i));
            }
          }));
        }
        for (Future<?> future : futures) {
          future.get(30, TimeUnit.SECONDS);
        }
        Thread.sleep(5); // the pool's threads time out and are replaced in the next wave
      }
      assertTrue(bus.drain(Duration.ofSeconds(10)));
      EventTypeMetrics ping = bus.metrics().eventType("ping").orElseThrow();
      long posts = (long) waves * tasks * each;
      assertEquals(posts, ping.published());
      assertEquals(2 * posts, ping.handlerTime().count());
      assertEquals(2 * posts, bus.metrics().total().handlerTime().count());
      TimingSnapshot time = ping.handlerTime();
      assertTrue(time.mean().compareTo(time.max()) <= 0, time::toString);
      assertTrue(time.p99().compareTo(time.max()) <= 0, time::toString);
      assertTrue(time.p50().compareTo(time.p95()) <= 0, time::toString);
      assertEquals(time.total().toNanos() / time.count(), time.mean().toNanos());
    } finally {
      pool.shutdownNow();
    }
  }
}
