package io.torematrix.eventbus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.Subscription;
import io.torematrix.eventbus.annotation.Priority;
import io.torematrix.eventbus.it.Events.Ping;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A listener whose subscription is closed is not kept reachable by the threads that delivered to
 * it once they ended: neither a publisher's thread that ran its {@code IMMEDIATE} handler, nor a
 * lane thread of a closed bus that ran its {@code NORMAL} handler for a {@code post}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ListenerReachabilityTest {

  /** Counts the pings it is given. */
  static final class Counter implements Consumer<Ping> {
    final AtomicInteger seen = new AtomicInteger();

    @Override
    public void accept(Ping ping) {
      seen.incrementAndGet();
    }
  }

  @Test
  void aClosedListenerIsNotKeptByAPublishingThreadThatEnded() throws Exception {
    try (EventBus bus = EventBus.create()) {
      Counter listener = new Counter();
      Subscription subscription =
          bus.subscribe(
              Ping.class, listener, SubscribeOptions.<Ping>defaults().priority(Priority.IMMEDIATE));
      Thread publisher = new Thread(() -> bus.post(new Ping(1)));
      publisher.start();
      publisher.join();
      assertEquals(1, listener.seen.get());
      subscription.close();
      WeakReference<Counter> reference = new WeakReference<>(listener);
      listener = null;
      subscription = null;
      publisher = null;

      assertTrue(collected(reference), "the closed listener stayed reachable");
    }
  }

  @Test
  void aListenerIsNotKeptByTheLaneThreadsOfAClosedBus() throws Exception {
    EventBus bus = EventBus.create();
    Counter listener = new Counter();
    bus.subscribe(Ping.class, listener);
    bus.post(new Ping(1));
    assertTrue(bus.drain(Duration.ofSeconds(10)));
    assertEquals(1, listener.seen.get());
    bus.close();
    WeakReference<Counter> reference = new WeakReference<>(listener);
    listener = null;
    bus = null;

    assertTrue(collected(reference), "the listener of the closed bus stayed reachable");
  }

  @Test
  void aLiveThreadKeepsNeitherTheEventNorWhatItsHandlerThrewAfterPostAndPublishReturn()
      throws Exception {
    try (EventBus bus = EventBus.create()) {
      AtomicInteger failures = new AtomicInteger();
      bus.subscribe(
          Ping.class,
          ping -> {
            throw new IllegalStateException("refused " + ping.number);
          },
          SubscribeOptions.<Ping>defaults()
              .priority(Priority.IMMEDIATE)
              .onError((event, error) -> failures.incrementAndGet()));
      Ping posted = new Ping(1);
      bus.post(posted);
      Ping published = new Ping(2);
      assertEquals(1, bus.publish(published).toCompletableFuture().get().failed());
      assertEquals(2, failures.get());
      WeakReference<Ping> postedReference = new WeakReference<>(posted);
      WeakReference<Ping> publishedReference = new WeakReference<>(published);
      posted = null;
      published = null;

      assertTrue(collected(postedReference), "this thread kept the posted event reachable");
      assertTrue(collected(publishedReference), "this thread kept the published event reachable");
    }
  }

  /** Whether {@code reference} is cleared within about two seconds of collections. */
  private static boolean collected(WeakReference<?> reference) throws InterruptedException {
    for (int i = 0; i < 100 && reference.get() != null; i++) {
      System.gc();
      Thread.sleep(20);
    }
    return reference.get() == null;
  }
}
