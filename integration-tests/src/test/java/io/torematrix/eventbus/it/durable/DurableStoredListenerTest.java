package io.torematrix.eventbus.it.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.EventStores;
import io.torematrix.eventbus.Subscription;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.EventStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code bus.durable().onEventStored(listener)}: what a reader of the store that would otherwise
 * poll it (the NATS bridge's relay) is woken by.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DurableStoredListenerTest {

  @Test
  void theListenerIsToldOfEachPublishedEventOnceItIsInTheStoreAndNotAfterClose() {
    EventStore store = EventStores.inMemory();
    try (EventBus bus = EventBus.builder().store(store).build()) {
      List<Integer> storedWhenTold = new CopyOnWriteArrayList<>();
      Subscription listening = bus.durable().onEventStored(() -> storedWhenTold.add(store.read(EventQuery.all()).size()));

      for (int i = 1; i <= 3; i++) {
        bus.publish(new Item.Added("l", i)).toCompletableFuture().join();
      }
      listening.close();
      bus.publish(new Item.Added("l", 4)).toCompletableFuture().join();

      assertEquals(List.of(1, 2, 3), storedWhenTold, "told once per event, each already readable");
      assertFalse(listening.isActive());
    }
  }

  @Test
  void eventsReceivedFromAnotherBusDoNotCallIt() {
    EventStore other = EventStores.inMemory();
    try (EventBus origin = EventBus.builder().store(other).build();
        EventBus bus = EventBus.builder().store(EventStores.inMemory()).build()) {
      origin.publish(new Item.Added("l", 1)).toCompletableFuture().join();
      EventRecord record = other.read(EventQuery.all()).get(0);
      AtomicInteger told = new AtomicInteger();
      bus.durable().onEventStored(told::incrementAndGet);

      assertTrue(bus.receive(record).isPresent(), "stored");
      assertEquals(0, told.get());
    }
  }

  @Test
  void aListenerThatThrowsDoesNotFailThePublishWhoseEventIsStored() {
    EventStore store = EventStores.inMemory();
    try (EventBus bus = EventBus.builder().store(store).build()) {
      bus.durable().onEventStored(() -> {
        throw new IllegalStateException("listener broken");
      });
      bus.durable().onEventStored(() -> {
        throw new AssertionError("listener broken too");
      });
      AtomicInteger told = new AtomicInteger();
      bus.durable().onEventStored(told::incrementAndGet);

      bus.publish(new Item.Added("l", 1)).toCompletableFuture().join();

      assertEquals(1, store.read(EventQuery.all()).size());
      assertEquals(1, told.get(), "the listeners after the failing ones are told too");
    }
  }

  @Test
  void aBusWithoutAStoreRefusesAListener() {
    try (EventBus bus = EventBus.builder().build()) {
      IllegalStateException refused =
          assertThrows(IllegalStateException.class, () -> bus.durable().onEventStored(() -> {}));
      assertEquals("the bus has no store, so no durable subscriptions: configure one with"
          + " EventBus.builder().store(...)", refused.getMessage());
    }
  }
}
