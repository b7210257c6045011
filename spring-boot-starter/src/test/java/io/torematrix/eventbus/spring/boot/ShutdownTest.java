package io.torematrix.eventbus.spring.boot;

import static io.torematrix.eventbus.spring.boot.Contexts.runner;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.HandlerFailure;
import io.torematrix.eventbus.annotation.Subscribe;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The bus closes with the context, in its own phase, delivering what it accepted. */
class ShutdownTest {

  /** NORMAL handlers that wait until the test lets them finish. */
  static class SlowGreetings {
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger handled = new AtomicInteger();

    @Subscribe
    void greeted(Greeting greeting) throws InterruptedException {
      release.await(30, TimeUnit.SECONDS);
      handled.incrementAndGet();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class SlowListener {
    @Bean
    SlowGreetings slowGreetings() {
      return new SlowGreetings();
    }
  }

  @Test
  void closingTheContextDeliversEveryAcceptedEventBeforeItReturns() {
    runner()
        .withUserConfiguration(SlowListener.class)
        .run(
            context -> {
              EventBus bus = context.getBean(EventBus.class);
              SlowGreetings slow = context.getBean(SlowGreetings.class);
              for (int i = 0; i < 20; i++) {
                bus.publish(new Greeting("g" + i));
              }
              int[] handledWhenClosed = new int[1];
              Thread closer =
                  new Thread(
                      () -> {
                        context.close();
                        handledWhenClosed[0] = slow.handled.get();
                      });
              closer.start();
              awaitIntakeStopped(bus);

              assertTrue(closer.isAlive(), "close waits while accepted events are undelivered");
              slow.release.countDown();
              closer.join(TimeUnit.SECONDS.toMillis(30));

              assertFalse(closer.isAlive());
              assertEquals(20, handledWhenClosed[0]);
            });
  }

  /** NORMAL handlers that never finish by themselves. */
  static class StuckGreetings {
    final CountDownLatch release = new CountDownLatch(1);

    @Subscribe
    void greeted(Greeting greeting) throws InterruptedException {
      release.await(30, TimeUnit.SECONDS);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class StuckListener {
    static final List<HandlerFailure> FAILURES = new CopyOnWriteArrayList<>();

    @Bean
    StuckGreetings stuckGreetings() {
      return new StuckGreetings();
    }

    @Bean
    Consumer<HandlerFailure> failures() {
      return FAILURES::add;
    }
  }

  @Test
  void theCloseTimeoutIsTheShutdownPhasesAndWhatCouldNotRunIsReportedFailed() {
    StuckListener.FAILURES.clear();
    int events = 64; // more than the bus's threads, so that some never start
    runner()
        .withUserConfiguration(StuckListener.class)
        .withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=300ms")
        .run(
            context -> {
              EventBus bus = context.getBean(EventBus.class);
              StuckGreetings stuck = context.getBean(StuckGreetings.class);
              for (int i = 0; i < events; i++) {
                bus.publish(new Greeting("g" + i));
              }
              try {
                context.close();
              } finally {
                stuck.release.countDown();
              }

              // close() interrupts the handlers still running at the timeout and returns without
              // waiting for them to unwind: their failures may be reported just after it returns
              for (int i = 0; i < 1000 && StuckListener.FAILURES.size() < events; i++) {
                Thread.sleep(10);
              }
              assertEquals(events, StuckListener.FAILURES.size(), "every undelivered event is reported");
              List<String> neverRan =
                  StuckListener.FAILURES.stream()
                      .map(HandlerFailure::error)
                      .filter(e -> !(e instanceof InterruptedException))
                      .map(Throwable::getMessage)
                      .distinct()
                      .toList();
              assertEquals(
                  List.of(
                      "the bus was closed before this handler ran: it stayed busy for longer than"
                          + " its close timeout of PT0.3S"),
                  neverRan);
            });
  }

  /**
   * Publishes when it stops: one in the web server's phase, which must still find the bus open,
   * one below the bus's phase, which must find it closed.
   */
  static final class PublishingLifecycle implements SmartLifecycle {
    final ObjectProvider<EventBus> bus;
    final int phase;
    final List<String> outcomes;
    volatile boolean running;

    PublishingLifecycle(ObjectProvider<EventBus> bus, int phase, List<String> outcomes) {
      this.bus = bus;
      this.phase = phase;
      this.outcomes = outcomes;
    }

    @Override
    public void start() {
      running = true;
    }

    @Override
    public void stop() {
      running = false;
      try {
        bus.getObject().publish(new Greeting("at " + phase));
        outcomes.add(phase + " published");
      } catch (IllegalStateException e) {
        outcomes.add(phase + " refused: the bus is closed");
      }
    }

    @Override
    public boolean isRunning() {
      return running;
    }

    @Override
    public int getPhase() {
      return phase;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Lifecycles {
    static final List<String> OUTCOMES = new CopyOnWriteArrayList<>();

    @Bean
    PublishingLifecycle webServerLike(ObjectProvider<EventBus> bus) {
      return new PublishingLifecycle(bus, SmartLifecycle.DEFAULT_PHASE - 2048, OUTCOMES);
    }

    @Bean
    PublishingLifecycle belowTheBus(ObjectProvider<EventBus> bus) {
      return new PublishingLifecycle(bus, EventBusLifecycle.PHASE - 1, OUTCOMES);
    }
  }

  @Test
  void theBusClosesAfterTheWebServersPhaseAndBeforeLowerPhases() {
    Lifecycles.OUTCOMES.clear();
    runner()
        .withUserConfiguration(Lifecycles.class)
        .run(AssertableApplicationContext::close);

    assertEquals(
        List.of(
            (SmartLifecycle.DEFAULT_PHASE - 2048) + " published",
            (EventBusLifecycle.PHASE - 1) + " refused: the bus is closed"),
        Lifecycles.OUTCOMES);
  }

  @Test
  void aStoppedContextCannotStartTheClosedBusAgain() {
    runner()
        .run(
            context -> {
              context.stop();

              Throwable e = assertThrows(RuntimeException.class, context::start).getCause();
              assertInstanceOf(IllegalStateException.class, e);
              assertEquals(
                  "the event bus was closed when the application context stopped and cannot start"
                      + " again; refresh a new context instead",
                  e.getMessage());
            });
  }

  /** Waits until the bus refuses new events, which close() does before it waits. */
  private static void awaitIntakeStopped(EventBus bus) throws InterruptedException {
    for (int i = 0; i < 3000; i++) {
      try {
        bus.publish(new Audited("probe")); // no handler: does not disturb the count
        Thread.sleep(10);
      } catch (IllegalStateException closed) {
        return;
      }
    }
    throw new AssertionError("the bus kept taking events after close() began");
  }
}
