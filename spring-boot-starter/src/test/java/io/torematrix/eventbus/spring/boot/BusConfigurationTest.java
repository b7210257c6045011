package io.torematrix.eventbus.spring.boot;

import static io.torematrix.eventbus.spring.boot.Contexts.await;
import static io.torematrix.eventbus.spring.boot.Contexts.runner;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventMiddleware;
import io.torematrix.eventbus.EventStores;
import io.torematrix.eventbus.HandlerFailure;
import io.torematrix.eventbus.HandlerTiming;
import io.torematrix.eventbus.LaneMetrics;
import io.torematrix.eventbus.PublishResult;
import io.torematrix.eventbus.QueueFullException;
import io.torematrix.eventbus.annotation.Priority;
import io.torematrix.eventbus.annotation.Subscribe;
import io.torematrix.eventbus.spi.EventStore;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/** The bus is built from the torematrix.eventbus.* properties and the application's beans. */
class BusConfigurationTest {

  static class ImmediateGreetings {
    @Subscribe(priority = Priority.IMMEDIATE)
    void greeted(Greeting greeting) {}

    @Subscribe(priority = Priority.IMMEDIATE)
    void audited(Audited audited) {}
  }

  @Configuration(proxyBeanMethods = false)
  static class ImmediateListener {
    @Bean
    ImmediateGreetings immediateGreetings() {
      return new ImmediateGreetings();
    }
  }

  @Test
  void queueCapacityAndHandlerTimingComeFromTheProperties() {
    runner()
        .withUserConfiguration(ImmediateListener.class)
        .withPropertyValues(
            "torematrix.eventbus.queue-capacity=64", "torematrix.eventbus.handler-timing=all")
        .run(
            context -> {
              EventBus bus = context.getBean(EventBus.class);
              for (int i = 0; i < 3; i++) {
                await(bus.publish(new Greeting("g" + i)));
              }

              assertEquals(
                  List.of(64, 64), bus.metrics().lanes().stream().map(LaneMetrics::capacity).toList());
              assertEquals(
                  3, bus.metrics().eventType("test.greeting").orElseThrow().handlerTime().count());
            });
  }

  /** A NORMAL handler that holds its place in the queue until released. */
  static class BlockedGreetings {
    static final CountDownLatch RELEASE = new CountDownLatch(1);

    @Subscribe
    void greeted(Greeting greeting) throws InterruptedException {
      RELEASE.await(30, TimeUnit.SECONDS);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class BlockedListener {
    @Bean
    BlockedGreetings blockedGreetings() {
      return new BlockedGreetings();
    }
  }

  @Test
  void failBackpressureRefusesAnEventAtOnceWhenItsQueueIsFull() {
    runner()
        .withUserConfiguration(BlockedListener.class)
        .withPropertyValues(
            "torematrix.eventbus.queue-capacity=1", "torematrix.eventbus.backpressure=fail")
        .run(
            context -> {
              EventBus bus = context.getBean(EventBus.class);
              CompletableFuture<PublishResult> first =
                  bus.publish(new Greeting("takes the only place")).toCompletableFuture();
              try {
                ExecutionException refused =
                    assertThrows(
                        ExecutionException.class,
                        () ->
                            bus.publish(new Greeting("finds no room"))
                                .toCompletableFuture()
                                .get(10, TimeUnit.SECONDS));
                assertInstanceOf(QueueFullException.class, refused.getCause());
              } finally {
                BlockedGreetings.RELEASE.countDown();
              }
              assertEquals(1, await(first).delivered(), "the accepted event is not lost");
            });
  }

  @Test
  void aBadPropertyValueFailsTheStartNamingTheProperty() {
    runner()
        .withPropertyValues("torematrix.eventbus.queue-capacity=0")
        .run(
            context ->
                assertEquals(
                    "torematrix.eventbus.queue-capacity must be at least 1 but was 0",
                    rootCause(context.getStartupFailure()).getMessage()));
  }

  @Test
  void aMisspeltPropertyFailsTheStartNamingIt() {
    runner()
        .withPropertyValues("torematrix.eventbus.queue-capcity=5", "torematrix.eventbus.jdbc.shema=x")
        .run(
            context ->
                assertEquals(
                    "The elements [torematrix.eventbus.jdbc.shema,torematrix.eventbus.queue-capcity]"
                        + " were left unbound.",
                    rootCause(context.getStartupFailure()).getMessage()));
  }

  @Test
  void aCloseTimeoutLongerThanTheShutdownPhaseFailsTheStart() {
    runner()
        .withPropertyValues(
            "torematrix.eventbus.close-timeout=1m", "spring.lifecycle.timeout-per-shutdown-phase=20s")
        .run(
            context ->
                assertEquals(
                    "Property torematrix.eventbus.close-timeout with value 'PT1M' is invalid: The bus"
                        + " must finish draining within its shutdown phase, but"
                        + " spring.lifecycle.timeout-per-shutdown-phase is PT20S. Raise"
                        + " spring.lifecycle.timeout-per-shutdown-phase, or lower"
                        + " torematrix.eventbus.close-timeout.",
                    rootCause(context.getStartupFailure()).getMessage()));
  }

  @Configuration(proxyBeanMethods = false)
  static class OrderedMiddleware {
    static final List<String> SEEN = new CopyOnWriteArrayList<>();

    @Bean
    @Order(2)
    EventMiddleware second() {
      return chain -> {
        SEEN.add("second");
        return chain.proceed();
      };
    }

    @Bean
    @Order(1)
    EventMiddleware first() {
      return chain -> {
        SEEN.add("first");
        return chain.proceed();
      };
    }
  }

  @Test
  void middlewareBeansRunAroundEveryEventInTheirOrder() {
    OrderedMiddleware.SEEN.clear();
    runner()
        .withUserConfiguration(OrderedMiddleware.class, ImmediateListener.class)
        .run(
            context -> {
              await(context.getBean(EventBus.class).publish(new Greeting("hello")));

              assertEquals(List.of("first", "second"), OrderedMiddleware.SEEN);
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class DiscoveredMiddlewareBean {
    @Bean
    AuditMiddleware auditMiddleware() {
      return new AuditMiddleware();
    }
  }

  @Test
  void aBeanOfADiscoveredMiddlewareClassIsUsedAsItsInstanceAndRunsOnce() {
    AuditMiddleware.ALL_INSTANCES.set(0);
    runner()
        .withUserConfiguration(DiscoveredMiddlewareBean.class, ImmediateListener.class)
        .run(
            context -> {
              EventBus bus = context.getBean(EventBus.class);
              await(bus.publish(new Audited("login")));
              await(bus.publish(new Greeting("out of its scope")));

              assertEquals(1, context.getBean(AuditMiddleware.class).seen.get());
              assertEquals(1, AuditMiddleware.ALL_INSTANCES.get());
            });
  }

  @Test
  void withoutMiddlewareDiscoveryNeitherTheClassNorItsBeanRuns() {
    AuditMiddleware.ALL_INSTANCES.set(0);
    runner()
        .withUserConfiguration(DiscoveredMiddlewareBean.class, ImmediateListener.class)
        .withPropertyValues("torematrix.eventbus.discover-middleware=false")
        .run(
            context -> {
              await(context.getBean(EventBus.class).publish(new Audited("login")));

              assertEquals(0, AuditMiddleware.ALL_INSTANCES.get());
            });
  }

  static class FailingGreetings {
    @Subscribe(priority = Priority.IMMEDIATE)
    void greeted(Greeting greeting) {
      throw new IllegalStateException("cannot greet " + greeting.text());
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class ErrorHandlers {
    static final List<String> TOLD = new CopyOnWriteArrayList<>();

    @Bean
    FailingGreetings failingGreetings() {
      return new FailingGreetings();
    }

    @Bean
    @Order(2)
    Consumer<HandlerFailure> alerts() {
      return failure -> TOLD.add("alerts: " + failure.error().getMessage());
    }

    @Bean
    @Order(1)
    Consumer<HandlerFailure> audit() {
      return failure -> {
        TOLD.add("audit: " + failure.error().getMessage());
        throw new IllegalStateException("the audit log is full");
      };
    }
  }

  @Test
  void everyErrorHandlerBeanIsToldOfEachFailureInOrderEvenWhenOneThrows() {
    ErrorHandlers.TOLD.clear();
    runner()
        .withUserConfiguration(ErrorHandlers.class)
        .run(
            context -> {
              PublishResult result =
                  await(context.getBean(EventBus.class).publish(new Greeting("ada")));

              assertEquals(1, result.failed());
              assertEquals(
                  List.of("audit: cannot greet ada", "alerts: cannot greet ada"), ErrorHandlers.TOLD);
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class StoreBean {
    @Bean
    EventStore eventStore() {
      return EventStores.inMemory();
    }
  }

  @Test
  void theStoreBeanKeepsEveryPublishedEvent() {
    runner()
        .withUserConfiguration(StoreBean.class)
        .run(
            context -> {
              EventBus bus = context.getBean(EventBus.class);
              await(bus.publish(new Greeting("kept")));

              List<Greeting> stored =
                  bus.getEvents(Greeting.class, g -> true)
                      .toCompletableFuture()
                      .get(10, TimeUnit.SECONDS);
              assertEquals(List.of(new Greeting("kept")), stored);
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class Customizer {
    @Bean
    EventBusBuilderCustomizer untimed() {
      return builder -> builder.handlerTiming(HandlerTiming.OFF);
    }
  }

  @Test
  void customizersRunAfterThePropertiesAndWin() {
    runner()
        .withUserConfiguration(Customizer.class, ImmediateListener.class)
        .withPropertyValues("torematrix.eventbus.handler-timing=all")
        .run(
            context -> {
              EventBus bus = context.getBean(EventBus.class);
              await(bus.publish(new Greeting("untimed")));

              assertEquals(
                  0, bus.metrics().eventType("test.greeting").orElseThrow().handlerTime().count());
            });
  }

  @Test
  void theQueueCapacityDefaultIsTheBuilders() {
    assertEquals(
        io.torematrix.eventbus.EventBusBuilder.DEFAULT_QUEUE_CAPACITY,
        new EventBusProperties().getQueueCapacity());
  }

  static Throwable rootCause(Throwable failure) {
    assertNotNull(failure, "the context should have failed to start");
    Throwable cause = failure;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
