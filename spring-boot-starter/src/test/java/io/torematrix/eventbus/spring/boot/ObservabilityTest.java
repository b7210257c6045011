package io.torematrix.eventbus.spring.boot;

import static io.torematrix.eventbus.spring.boot.Contexts.await;
import static io.torematrix.eventbus.spring.boot.Contexts.runner;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.torematrix.eventbus.Cursor;
import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.EventStoreException;
import io.torematrix.eventbus.EventStores;
import io.torematrix.eventbus.ExpectedVersion;
import io.torematrix.eventbus.annotation.Priority;
import io.torematrix.eventbus.annotation.Subscribe;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.EventStore;
import io.torematrix.eventbus.spi.SubscriptionStore;
import io.torematrix.eventbus.spring.boot.actuate.EventBusEndpoint;
import io.torematrix.eventbus.spring.boot.actuate.EventBusEndpoint.EventBusDescriptor;
import io.torematrix.eventbus.spring.boot.actuate.EventBusEndpoint.EventTypeDescriptor;
import io.torematrix.eventbus.spring.boot.actuate.EventBusEndpoint.LaneDescriptor;
import io.torematrix.eventbus.spring.boot.actuate.EventBusEndpointAutoConfiguration;
import io.torematrix.eventbus.spring.boot.actuate.EventBusHealthContributorAutoConfiguration;
import io.torematrix.eventbus.spring.boot.actuate.EventBusHealthIndicator;
import io.torematrix.eventbus.spring.boot.metrics.EventBusMetricsAutoConfiguration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Micrometer meters, the eventbus endpoint and the health indicator, in real contexts. */
class ObservabilityTest {

  private static ApplicationContextRunner actuator() {
    return runner()
        .withConfiguration(
            AutoConfigurations.of(
                EventBusEndpointAutoConfiguration.class,
                EventBusHealthContributorAutoConfiguration.class,
                EventBusMetricsAutoConfiguration.class));
  }

  static class Greetings {
    @Subscribe(priority = Priority.IMMEDIATE)
    void greeted(Greeting greeting) {}

    @Subscribe(priority = Priority.IMMEDIATE, order = 1)
    void afterwards(Greeting greeting) {}
  }

  @Configuration(proxyBeanMethods = false)
  static class Listener {
    @Bean
    Greetings greetings() {
      return new Greetings();
    }
  }

  @Test
  void theBusIsBoundToTheMeterRegistry() {
    actuator()
        .withConfiguration(
            AutoConfigurations.of(
                MetricsAutoConfiguration.class,
                CompositeMeterRegistryAutoConfiguration.class,
                SimpleMetricsExportAutoConfiguration.class))
        .withUserConfiguration(Listener.class)
        .run(
            context -> {
              EventBus bus = context.getBean(EventBus.class);
              await(bus.publish(new Greeting("one")));
              await(bus.publish(new Greeting("two")));
              MeterRegistry registry = context.getBean(MeterRegistry.class);

              // the binder reuses a snapshot for up to a second
              double published = 0;
              for (int i = 0; i < 100 && published < 2; i++) {
                published =
                    registry
                        .get("eventbus.events")
                        .tag("event.type", "test.greeting")
                        .tag("outcome", "published")
                        .functionCounter()
                        .count();
                if (published < 2) {
                  Thread.sleep(50);
                }
              }
              assertEquals(2, published);
              assertEquals(
                  10_000,
                  registry.get("eventbus.queue.capacity").tag("priority", "NORMAL").gauge().value());
            });
  }

  @Test
  void theMetersCanBeTurnedOffLikeAnyOfSpringBoots() {
    actuator()
        .withConfiguration(
            AutoConfigurations.of(
                MetricsAutoConfiguration.class,
                CompositeMeterRegistryAutoConfiguration.class,
                SimpleMetricsExportAutoConfiguration.class))
        .withPropertyValues("management.metrics.enable.eventbus=false")
        .run(
            context ->
                assertNull(context.getBean(MeterRegistry.class).find("eventbus.events").meter()));
  }

  @Test
  void withoutAMeterRegistryNoBinderIsDefined() {
    actuator()
        .run(context -> assertFalse(context.containsBean("eventBusMetricsBinder")));
  }

  @Test
  void theEndpointReportsTheBusFigures() {
    actuator()
        .withUserConfiguration(Listener.class)
        .withPropertyValues("management.endpoints.web.exposure.include=eventbus")
        .run(
            context -> {
              EventBus bus = context.getBean(EventBus.class);
              await(bus.publish(new Greeting("one")));
              await(bus.publish(new Greeting("two")));
              EventBusEndpoint endpoint = context.getBean(EventBusEndpoint.class);

              EventBusDescriptor descriptor = endpoint.eventBus();

              assertEquals(0, descriptor.inFlight());
              assertEquals(
                  List.of(
                      new LaneDescriptor("NORMAL", 0, 0, 10_000),
                      new LaneDescriptor("DEFERRED", 0, 0, 10_000)),
                  descriptor.lanes());
              EventTypeDescriptor greetings =
                  descriptor.eventTypes().stream()
                      .filter(t -> t.eventType().equals("test.greeting"))
                      .findFirst()
                      .orElseThrow();
              assertEquals(2, greetings.published());
              assertEquals(4, greetings.delivered());
              assertEquals(0, greetings.failed());
              assertEquals(0.0, greetings.errorRate());
              assertEquals("*", descriptor.total().eventType());
              assertEquals(greetings, endpoint.eventType("test.greeting"));
              assertNull(endpoint.eventType("no.such-type"), "answered with 404");
            });
  }

  @Test
  void theEndpointIsLeftOutUnlessExposed() {
    actuator().run(context -> assertFalse(context.containsBean("eventBusEndpoint")));
  }

  @Test
  void theBusIsHealthyWithItsQueuesBelowTheThreshold() {
    actuator()
        .run(
            context -> {
              Health health = context.getBean(EventBusHealthIndicator.class).health();

              assertEquals(Status.UP, health.getStatus());
              assertEquals(
                  Map.of(
                      "NORMAL", Map.of("depth", 0, "capacity", 10_000),
                      "DEFERRED", Map.of("depth", 0, "capacity", 10_000)),
                  health.getDetails().get("lanes"));
              assertFalse(health.getDetails().containsKey("store"), "no store bean");
            });
  }

  /** Holds its event's place in the NORMAL queue until released. */
  static class Blocking {
    final CountDownLatch release = new CountDownLatch(1);

    @Subscribe
    void greeted(Greeting greeting) throws InterruptedException {
      release.await(30, TimeUnit.SECONDS);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class BlockingListener {
    @Bean
    Blocking blocking() {
      return new Blocking();
    }
  }

  @Test
  void aQueueFilledToTheThresholdTakesTheBusOutOfService() {
    actuator()
        .withUserConfiguration(BlockingListener.class)
        .withPropertyValues(
            "torematrix.eventbus.queue-capacity=4",
            "torematrix.eventbus.health.saturation-threshold=0.5")
        .run(
            context -> {
              EventBus bus = context.getBean(EventBus.class);
              Blocking blocking = context.getBean(Blocking.class);
              EventBusHealthIndicator indicator = context.getBean(EventBusHealthIndicator.class);
              try {
                bus.publish(new Greeting("one"));
                assertEquals(Status.UP, indicator.health().getStatus(), "1 of 4 is below half");
                bus.publish(new Greeting("two"));

                assertEquals(Status.OUT_OF_SERVICE, indicator.health().getStatus());
              } finally {
                blocking.release.countDown();
              }
              assertTrue(bus.drain(java.time.Duration.ofSeconds(10)));
              assertEquals(Status.UP, indicator.health().getStatus());
            });
  }

  /** A real in-memory store that can be made to fail its reads, as an unreachable database does. */
  static final class BreakableStore implements EventStore {
    final EventStore delegate = EventStores.inMemory();
    volatile boolean broken;

    @Override
    public List<EventRecord> append(
        String streamId, ExpectedVersion expected, List<EventRecord> records) {
      return delegate.append(streamId, expected, records);
    }

    @Override
    public List<EventRecord> read(EventQuery query) {
      if (broken) {
        throw new EventStoreException("connection refused");
      }
      return delegate.read(query);
    }

    @Override
    public Cursor head() {
      if (broken) {
        throw new EventStoreException("connection refused");
      }
      return delegate.head();
    }

    @Override
    public SubscriptionStore subscriptions() {
      return delegate.subscriptions();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class StoreBean {
    @Bean
    BreakableStore store() {
      return new BreakableStore();
    }
  }

  @Test
  void anUnreadableStoreTakesTheBusDown() {
    actuator()
        .withUserConfiguration(StoreBean.class)
        .run(
            context -> {
              EventBusHealthIndicator indicator = context.getBean(EventBusHealthIndicator.class);
              assertEquals(Map.of("reachable", true), indicator.health().getDetails().get("store"));

              context.getBean(BreakableStore.class).broken = true;
              Health health = indicator.health();

              assertEquals(Status.DOWN, health.getStatus());
              assertEquals(
                  Map.of(
                      "reachable",
                      false,
                      "error",
                      "io.torematrix.eventbus.EventStoreException: connection refused"),
                  health.getDetails().get("store"));
            });
  }

  @Test
  void theHealthIndicatorCanBeTurnedOff() {
    actuator()
        .withPropertyValues("management.health.eventbus.enabled=false")
        .run(context -> assertFalse(context.containsBean("eventBusHealthIndicator")));
  }
}
