package io.torematrix.eventbus.it;

import static io.torematrix.eventbus.it.Buses.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventBusMetrics;
import io.torematrix.eventbus.EventTypeMetrics;
import io.torematrix.eventbus.HandlerTiming;
import io.torematrix.eventbus.LaneMetrics;
import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.annotation.Priority;
import io.torematrix.eventbus.it.Events.AccountClosed;
import io.torematrix.eventbus.it.Events.Ping;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bus's own figures: counts per event type, dead events, handler time, queues. */
class MetricsTest {

  @Test
  void countsEveryOutcomePerEventTypeAndInTotal() throws Exception {
    try (EventBus bus =
        EventBus.builder().errorHandler(f -> {}).handlerTiming(HandlerTiming.ALL).build()) {
      bus.subscribe(
          Ping.class,
          p -> {
            if (p.number % 4 == 0) {
              throw new IllegalStateException("every fourth");
            }
          },
          SubscribeOptions.<Ping>defaults().priority(Priority.IMMEDIATE));
      bus.subscribe(
          Ping.class,
          p -> {},
          SubscribeOptions.<Ping>defaults().filter(p -> p.number % 2 == 0));
      bus.subscribe(
          Ping.class, p -> {}, SubscribeOptions.<Ping>defaults().priority(Priority.DEFERRED));
      for (int i = 1; i <= 8; i++) {
        await(bus.publish(new Ping(i)));
      }
      await(bus.publish(new AccountClosed("nobody")));
      assertTrue(bus.drain(Duration.ofSeconds(10)));

      EventBusMetrics metrics = bus.metrics();

      EventTypeMetrics ping = metrics.eventType("ping").orElseThrow();
      assertEquals(8, ping.published());
      assertEquals(6 + 4 + 8, ping.delivered(), "IMMEDIATE 6, filtered NORMAL 4, DEFERRED 8");
      assertEquals(4, ping.filtered());
      assertEquals(2, ping.failed());
      assertEquals(0, ping.dead());
      assertEquals(2.0 / 20, ping.errorRate(), 1e-9);
      assertEquals(20, ping.handlerTime().count(), "every invocation timed");
      assertTrue(ping.handlerTime().max().compareTo(ping.handlerTime().p50()) >= 0);

      EventTypeMetrics closed = metrics.eventType("account.closed").orElseThrow();
      assertEquals(1, closed.published());
      assertEquals(1, closed.dead());
      assertEquals(1, metrics.eventType("torematrix.dead-event").orElseThrow().published());

      assertEquals(10, metrics.total().published());
      assertEquals(2, metrics.total().dead(), "the AccountClosed, and its DeadEvent, reached nobody");
      assertEquals(
          List.of(Priority.NORMAL, Priority.DEFERRED),
          metrics.lanes().stream().map(LaneMetrics::priority).toList());
      assertEquals(0, metrics.inFlight());
      assertEquals(0, metrics.lanes().get(0).running());
      assertEquals(0, metrics.eventType("account.opened").orElseThrow().published(), "known types are listed");
    }
  }

  @Test
  void timingCanBeSwitchedOff() {
    try (EventBus bus = EventBus.builder().handlerTiming(HandlerTiming.OFF).build()) {
      bus.subscribe(Ping.class, p -> {});
      await(bus.publish(new Ping(1)));
      assertEquals(0, bus.metrics().eventType("ping").orElseThrow().handlerTime().count());
    }
  }
}
