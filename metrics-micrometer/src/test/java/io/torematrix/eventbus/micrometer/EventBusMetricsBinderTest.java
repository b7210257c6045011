package io.torematrix.eventbus.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.torematrix.eventbus.Cursor;
import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventBusMetrics;
import io.torematrix.eventbus.EventStores;
import io.torematrix.eventbus.HandlerTiming;
import io.torematrix.eventbus.RetryPolicy;
import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.Subscription;
import io.torematrix.eventbus.annotation.Priority;
import io.torematrix.eventbus.codec.EventCodec;
import io.torematrix.eventbus.spi.EventBusIndex;
import io.torematrix.eventbus.spi.EventStore;
import io.torematrix.eventbus.spi.EventTypeInfo;
import io.torematrix.eventbus.spi.ListenerDispatcher;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The bus's figures as Micrometer meters, read through a SimpleMeterRegistry. */
class EventBusMetricsBinderTest {

  /** An event type of this test, declared through a hand-written index (no processor runs here). */
  record Ping(int number) {}

  static final class TestIndex implements EventBusIndex {
    @Override
    public List<EventTypeInfo> eventTypes() {
      return List.of(EventTypeInfo.of(Ping.class, "ping", 1, "pings"));
    }

    @Override
    public List<ListenerDispatcher> dispatchers() {
      return List.of();
    }
  }

  @Test
  void countersTimersAndGaugesCarryTheBusFiguresWithTheirTags() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (EventBus bus =
        EventBus.builder()
            .index(new TestIndex())
            .directExecution()
            .handlerTiming(HandlerTiming.ALL)
            .errorHandler(failure -> {})
            .build()) {
      new EventBusMetricsBinder(bus, Tags.of("bus", "orders"), Duration.ZERO).bindTo(registry);
      bus.subscribe(
          Ping.class,
          p -> {
            if (p.number() == 3) {
              throw new IllegalStateException("three");
            }
          },
          SubscribeOptions.<Ping>defaults().priority(Priority.IMMEDIATE));
      bus.subscribe(Ping.class, p -> {}, SubscribeOptions.<Ping>defaults().filter(p -> p.number() > 1));
      for (int i = 1; i <= 3; i++) {
        bus.publish(new Ping(i));
      }

      assertEquals(3, count(registry, "eventbus.events", "published"));
      assertEquals(0, count(registry, "eventbus.events", "dead"));
      assertEquals(4, count(registry, "eventbus.handler.invocations", "delivered"));
      assertEquals(1, count(registry, "eventbus.handler.invocations", "filtered"));
      assertEquals(1, count(registry, "eventbus.handler.invocations", "failed"));
      FunctionTimer time =
          registry.get("eventbus.handler.time").tags("event.type", "ping", "bus", "orders").functionTimer();
      assertEquals(5, (long) time.count());
      assertTrue(time.totalTime(TimeUnit.NANOSECONDS) > 0);
      assertTrue(
          registry.get("eventbus.handler.time.percentile").tags("event.type", "ping", "quantile", "0.99")
                  .timeGauge()
                  .value(TimeUnit.NANOSECONDS)
              > 0);
      assertEquals(
          10_000,
          registry.get("eventbus.queue.capacity").tags("priority", "NORMAL", "bus", "orders").gauge().value());
      assertEquals(0, registry.get("eventbus.queue.depth").tags("priority", "DEFERRED").gauge().value());
      assertEquals(0, registry.get("eventbus.in.flight").gauge().value());
    }
  }

  /** Pings as their number in decimal: this module runs no processor, so there is no JSON adapter. */
  static final class PingCodec implements EventCodec {
    @Override
    public byte[] encode(Object event, EventTypeInfo type) {
      return Integer.toString(((Ping) event).number()).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public Object decode(byte[] payload, int storedVersion, EventTypeInfo type) {
      return new Ping(Integer.parseInt(new String(payload, StandardCharsets.US_ASCII)));
    }
  }

  @Test
  void aSnapshotServesReadsForTheRefreshIntervalThenANewOneIsTaken() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AtomicLong now = new AtomicLong();
    try (EventBus bus = EventBus.builder().index(new TestIndex()).directExecution().build()) {
      new EventBusMetricsBinder(bus, Tags.of("bus", "orders"), Duration.ofSeconds(1), now::get)
          .bindTo(registry);
      bus.publish(new Ping(1));

      now.set(Duration.ofMillis(999).toNanos());
      assertEquals(0, count(registry, "eventbus.events", "published"), "the snapshot of bindTo");
      now.set(Duration.ofSeconds(1).toNanos());
      assertEquals(1, count(registry, "eventbus.events", "published"), "a new snapshot");
      bus.publish(new Ping(2));
      assertEquals(1, count(registry, "eventbus.events", "published"), "until the next second");
      assertEquals(1, count(registry, "eventbus.events", "dead"), "one snapshot for every meter");
    }
  }

  @Test
  void metersKeepReadingTheBusAfterTheBinderIsNoLongerReferenced() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (EventBus bus = EventBus.builder().index(new TestIndex()).directExecution().build()) {
      new EventBusMetricsBinder(bus, Tags.of("bus", "orders"), Duration.ZERO).bindTo(registry);
      bus.publish(new Ping(1));
      for (int i = 0; i < 3; i++) {
        System.gc(); // Micrometer holds a meter's state weakly: the registry must keep the binder
      }

      assertEquals(1, count(registry, "eventbus.events", "published"));
      assertEquals(0, registry.get("eventbus.in.flight").gauge().value());
    }
  }

  @Test
  void durableSubscriptionsHaveGaugesOfLagParkedEventsAndWhetherThisBusRunsThem() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    EventStore store = EventStores.inMemory();
    store.subscriptions().acquire("elsewhere", "another-process", Duration.ofMinutes(1), Cursor.START);
    try (EventBus bus =
        EventBus.builder().index(new TestIndex()).store(store).codec(new PingCodec()).errorHandler(failure -> {}).build()) {
      Subscription pings =
          bus.subscribe(
              Ping.class,
              p -> {
                if (p.number() == 2) {
                  throw new IllegalStateException("two");
                }
              },
              SubscribeOptions.<Ping>defaults().durable("pings").retry(RetryPolicy.defaults().maxAttempts(1)));
      new EventBusMetricsBinder(bus, Tags.of("bus", "orders"), Duration.ZERO).bindTo(registry);
      for (int i = 1; i <= 3; i++) {
        bus.publish(new Ping(i)).toCompletableFuture().join();
      }
      assertTrue(bus.drain(Duration.ofSeconds(30)));

      assertEquals(0, durable(registry, "eventbus.durable.lag", "pings"));
      assertEquals(1, durable(registry, "eventbus.durable.parked", "pings"));
      assertEquals(1, durable(registry, "eventbus.durable.running", "pings"));
      assertEquals(3, durable(registry, "eventbus.durable.lag", "elsewhere"), "it handled none of the 3");
      assertEquals(0, durable(registry, "eventbus.durable.running", "elsewhere"));

      pings.close();
      assertEquals(0, durable(registry, "eventbus.durable.running", "pings"));
    }
  }

  @Test
  void aDurableSubscriptionSubscribedAfterBindingGetsItsGaugesAtTheNextScrape() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (EventBus bus =
        EventBus.builder().index(new TestIndex()).store(EventStores.inMemory()).codec(new PingCodec()).build()) {
      new EventBusMetricsBinder(bus, Tags.of("bus", "orders"), Duration.ZERO).bindTo(registry);
      assertEquals(null, registry.find("eventbus.durable.lag").gauge(), "no durable subscription yet");

      bus.subscribe(Ping.class, p -> {}, SubscribeOptions.<Ping>defaults().durable("late"));
      bus.publish(new Ping(1)).toCompletableFuture().join();
      assertTrue(bus.drain(Duration.ofSeconds(30)));
      registry.getMeters().forEach(meter -> meter.measure().forEach(m -> m.getValue())); // a scrape

      assertEquals(0, durable(registry, "eventbus.durable.lag", "late"));
      assertEquals(0, durable(registry, "eventbus.durable.parked", "late"));
      assertEquals(1, durable(registry, "eventbus.durable.running", "late"));
    }
  }

  private static double durable(SimpleMeterRegistry registry, String meter, String subscription) {
    return registry.get(meter).tags("subscription", subscription, "bus", "orders").gauge().value();
  }

  /**
   * {@code bus} as seen through a bus whose figures list an event type only once it was
   * published, as a bus implementation that learns its types as they are used does.
   */
  private static EventBus listingTypesOnceUsed(EventBus bus) {
    return (EventBus)
        Proxy.newProxyInstance(
            EventBus.class.getClassLoader(),
            new Class<?>[] {EventBus.class},
            (proxy, method, args) -> {
              try {
                Object result = method.invoke(bus, args);
                if (method.getName().equals("metrics")) {
                  EventBusMetrics all = (EventBusMetrics) result;
                  return new EventBusMetrics(
                      all.takenAt(),
                      all.eventTypes().stream().filter(t -> t.published() > 0).toList(),
                      all.total(),
                      all.lanes(),
                      all.inFlight());
                }
                return result;
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @Test
  void anEventTypeFirstListedAfterBindingGetsItsMetersAtTheNextScrape() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (EventBus real = EventBus.builder().index(new TestIndex()).directExecution().build()) {
      EventBus bus = listingTypesOnceUsed(real);
      new EventBusMetricsBinder(bus, Tags.of("bus", "orders"), Duration.ZERO).bindTo(registry);
      assertEquals(null, registry.find("eventbus.events").functionCounter(), "no event type listed yet");

      bus.subscribe(Ping.class, p -> {});
      bus.publish(new Ping(1));
      bus.publish(new Ping(2));
      registry.getMeters().forEach(meter -> meter.measure().forEach(m -> m.getValue())); // a scrape

      assertEquals(2, count(registry, "eventbus.events", "published"));
      assertEquals(2, count(registry, "eventbus.handler.invocations", "delivered"));
      assertEquals(
          1,
          registry.find("eventbus.events").tags("event.type", "ping", "outcome", "published").functionCounters().size(),
          "one meter per type and outcome, however many scrapes");
    }
  }

  @Test
  void withARefreshOfZeroEveryReadIsCurrent() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (EventBus bus = EventBus.builder().index(new TestIndex()).directExecution().build()) {
      new EventBusMetricsBinder(bus, Tags.of("bus", "orders"), Duration.ZERO, () -> 42).bindTo(registry);
      for (int i = 1; i <= 3; i++) {
        bus.publish(new Ping(i));
        assertEquals(i, count(registry, "eventbus.events", "published"));
      }
    }
  }

  @Test
  void aNegativeRefreshIsRefused() {
    try (EventBus bus = EventBus.builder().index(new TestIndex()).directExecution().build()) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> new EventBusMetricsBinder(bus, Tags.empty(), Duration.ofSeconds(-1)));
      assertEquals("refresh must not be negative: PT-1S", e.getMessage());
    }
  }

  private static double count(SimpleMeterRegistry registry, String meter, String outcome) {
    return registry
        .get(meter)
        .tags("event.type", "ping", "outcome", outcome, "bus", "orders")
        .functionCounter()
        .count();
  }
}
