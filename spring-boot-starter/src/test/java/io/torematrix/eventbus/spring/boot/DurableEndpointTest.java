package io.torematrix.eventbus.spring.boot;

import static io.torematrix.eventbus.spring.boot.Contexts.await;
import static io.torematrix.eventbus.spring.boot.Contexts.runner;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.annotation.Retry;
import io.torematrix.eventbus.annotation.Subscribe;
import io.torematrix.eventbus.spring.boot.actuate.EventBusEndpoint;
import io.torematrix.eventbus.spring.boot.actuate.EventBusEndpoint.DurableSubscriptionDescriptor;
import io.torematrix.eventbus.spring.boot.actuate.EventBusEndpoint.DurableSubscriptionDetails;
import io.torematrix.eventbus.spring.boot.actuate.EventBusEndpoint.ParkedEventAction;
import io.torematrix.eventbus.spring.boot.actuate.EventBusEndpoint.ParkedEventDescriptor;
import io.torematrix.eventbus.spring.boot.actuate.EventBusEndpointAutoConfiguration;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The eventbus endpoint's durable subscriptions: status, parked events, retry and discard. */
class DurableEndpointTest {

  /** Fails the first delivery of a greeting starting with "poison", which parks it at once. */
  static class Picky {
    final Set<String> failedOnce = ConcurrentHashMap.newKeySet();
    final List<String> handled = new CopyOnWriteArrayList<>();

    @Subscribe(durable = "picky", retry = @Retry(maxAttempts = 1))
    void greeted(Greeting greeting) {
      if (greeting.text().startsWith("poison") && failedOnce.add(greeting.text())) {
        throw new IllegalStateException("cannot greet " + greeting.text());
      }
      handled.add(greeting.text());
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class PickyListener {
    @Bean
    Picky picky() {
      return new Picky();
    }
  }

  private static ApplicationContextRunner actuator() {
    return runner()
        .withConfiguration(
            AutoConfigurations.of(
                EventStoreAutoConfiguration.class, EventBusEndpointAutoConfiguration.class))
        .withUserConfiguration(PickyListener.class)
        .withPropertyValues(
            "torematrix.eventbus.store=memory",
            "management.endpoints.web.exposure.include=eventbus");
  }

  @Test
  void theEndpointShowsDurableSubscriptionsWithLagAndParkedEvents() {
    actuator()
        .run(
            context -> {
              EventBus bus = context.getBean(EventBus.class);
              EventBusEndpoint endpoint = context.getBean(EventBusEndpoint.class);
              for (String text : List.of("a", "poison-1", "poison-2", "b")) {
                await(bus.publish(new Greeting(text)));
              }
              assertTrue(bus.drain(Duration.ofSeconds(10)));

              List<DurableSubscriptionDescriptor> durable = endpoint.eventBus().durableSubscriptions();
              assertNull(endpoint.eventBus().durableSubscriptionsError());
              assertEquals(1, durable.size());
              DurableSubscriptionDescriptor picky = durable.get(0);
              assertEquals("picky", picky.name());
              assertEquals(0, picky.lag());
              assertEquals(2, picky.parked());
              assertTrue(picky.subscribedHere());
              assertTrue(picky.runningHere());

              DurableSubscriptionDetails details = endpoint.durableSubscription("durable", "picky");
              assertEquals(picky.name(), details.subscription().name());
              List<ParkedEventDescriptor> parked = details.parkedEvents();
              assertEquals(2, parked.size());
              ParkedEventDescriptor first = parked.get(0);
              assertEquals("test.greeting", first.eventType());
              assertEquals(1, first.attempts());
              assertEquals("PARKED", first.status());
              assertTrue(
                  first.error().startsWith(
                      "java.lang.IllegalStateException: cannot greet poison-1"),
                  first.error());
            });
  }

  @Test
  void aParkedEventCanBeRetriedOrDiscardedThroughTheEndpoint() {
    actuator()
        .run(
            context -> {
              EventBus bus = context.getBean(EventBus.class);
              Picky picky = context.getBean(Picky.class);
              EventBusEndpoint endpoint = context.getBean(EventBusEndpoint.class);
              await(bus.publish(new Greeting("poison-1")));
              await(bus.publish(new Greeting("poison-2")));
              assertTrue(bus.drain(Duration.ofSeconds(10)));
              List<ParkedEventDescriptor> parked =
                  endpoint.durableSubscription("durable", "picky").parkedEvents();

              ParkedEventAction retried =
                  endpoint.retryParked("durable", "picky", parked.get(0).eventId());
              ParkedEventAction discarded =
                  endpoint.discardParked("durable", "picky", parked.get(1).eventId());

              assertEquals(
                  new ParkedEventAction("picky", parked.get(0).eventId(), "retry", true), retried);
              assertEquals(
                  new ParkedEventAction("picky", parked.get(1).eventId(), "discard", true),
                  discarded);
              for (int i = 0; i < 500 && picky.handled.isEmpty(); i++) {
                Thread.sleep(20);
              }
              assertEquals(List.of("poison-1"), picky.handled, "retried, discarded not");
              assertTrue(bus.drain(Duration.ofSeconds(10)));
              assertEquals(0, endpoint.durableSubscription("durable", "picky").subscription().parked());
              assertFalse(
                  endpoint.discardParked("durable", "picky", parked.get(1).eventId()).applied(),
                  "no longer parked");
            });
  }

  @Test
  void anUnknownSubscriptionIsNotFoundAndAMalformedEventIdIsABadRequest() {
    actuator()
        .run(
            context -> {
              EventBusEndpoint endpoint = context.getBean(EventBusEndpoint.class);
              String someId = UUID.randomUUID().toString();

              assertNull(endpoint.durableSubscription("durable", "nobody"));
              assertNull(endpoint.durableSubscription("elsewhere", "picky"));
              assertFalse(endpoint.retryParked("durable", "nobody", someId).applied());
              assertFalse(endpoint.retryParked("durable", "picky", someId).applied());
              InvalidEndpointRequestException badId =
                  assertThrows(
                      InvalidEndpointRequestException.class,
                      () -> endpoint.retryParked("durable", "picky", "42"));
              assertEquals(
                  "\"42\" is not an event id: expected a UUID such as"
                      + " 0192f5e4-7b1c-7c3a-9e4f-2a1b3c4d5e6f",
                  badId.getMessage());
              assertThrows(
                  InvalidEndpointRequestException.class,
                  () -> endpoint.durableSubscription("durable", "no spaces allowed"));
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class BreakableStoreBean {
    @Bean
    ObservabilityTest.BreakableStore store() {
      return new ObservabilityTest.BreakableStore();
    }
  }

  @Test
  void anUnreadableStoreLeavesTheFiguresAndReportsItsError() {
    runner()
        .withConfiguration(AutoConfigurations.of(EventBusEndpointAutoConfiguration.class))
        .withUserConfiguration(PickyListener.class, BreakableStoreBean.class)
        .withPropertyValues("management.endpoints.web.exposure.include=eventbus")
        .run(
            context -> {
              EventBusEndpoint endpoint = context.getBean(EventBusEndpoint.class);
              assertNull(endpoint.eventBus().durableSubscriptionsError());
              context.getBean(ObservabilityTest.BreakableStore.class).broken = true;

              EventBusEndpoint.EventBusDescriptor descriptor = endpoint.eventBus();

              assertEquals(List.of(), descriptor.durableSubscriptions());
              assertEquals(
                  "io.torematrix.eventbus.EventStoreException: connection refused",
                  descriptor.durableSubscriptionsError());
              assertEquals(2, descriptor.lanes().size(), "the figures are still given");
            });
  }

  @Test
  void withoutAStoreThereAreNoDurableSubscriptions() {
    runner()
        .withConfiguration(AutoConfigurations.of(EventBusEndpointAutoConfiguration.class))
        .withPropertyValues("management.endpoints.web.exposure.include=eventbus")
        .run(
            context -> {
              EventBusEndpoint endpoint = context.getBean(EventBusEndpoint.class);
              assertEquals(List.of(), endpoint.eventBus().durableSubscriptions());
              assertNull(endpoint.durableSubscription("durable", "picky"));
            });
  }
}
