package io.torematrix.eventbus.it.durable;

import static io.torematrix.eventbus.it.durable.DurableFailureTest.publish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventStores;
import io.torematrix.eventbus.it.durable.Projection.Delivery;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A {@code @Subscribe(durable = ...)} listener registered through its generated dispatcher: its
 * context tells the attempt and whether it catches up.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DurableListenerTest {

  @Test
  void theContextTellsTheAttemptAndWhetherTheSubscriptionIsCatchingUp() throws Exception {
    try (EventBus bus = EventBus.builder().store(EventStores.inMemory()).errorHandler(failure -> {}).build()) {
      publish(bus, 1, 3);
      Projection projection = new Projection();
      projection.flaky.add(2);
      bus.register(projection);
      assertTrue(bus.drain(Duration.ofSeconds(30)));
      projection.flaky.add(4);
      publish(bus, 4, 5);
      assertTrue(bus.drain(Duration.ofSeconds(30)));

      assertEquals(
          List.of(
              new Delivery(1, 1, true),
              new Delivery(2, 1, true),
              new Delivery(2, 2, true),
              new Delivery(2, 3, true),
              new Delivery(3, 1, true),
              new Delivery(4, 1, false),
              new Delivery(4, 2, false),
              new Delivery(4, 3, false),
              new Delivery(5, 1, false)),
          projection.deliveries);
    }
  }

  @Test
  void registeringADurableListenerOnABusWithoutAStoreFailsNamingTheFix() {
    try (EventBus bus = EventBus.create()) {
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> bus.register(new Projection()));
      assertEquals(
          "Projection.project(Added, EventContext) is a durable subscription (\"item-projection\"),"
              + " which reads its events and keeps its checkpoint in the bus's store, but the bus"
              + " has none: configure one with EventBus.builder().store(...)",
          e.getMessage());
    }
  }
}
