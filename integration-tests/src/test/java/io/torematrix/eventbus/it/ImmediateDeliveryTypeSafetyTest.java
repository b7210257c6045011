package io.torematrix.eventbus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.EventStores;
import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.annotation.Priority;
import io.torematrix.eventbus.codec.EventCodec;
import io.torematrix.eventbus.codec.JsonEventCodec;
import io.torematrix.eventbus.it.Events.AccountOpened;
import io.torematrix.eventbus.it.Events.Ping;
import io.torematrix.eventbus.spi.EventBusIndex;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.EventStore;
import io.torematrix.eventbus.spi.EventTypeInfo;
import io.torematrix.eventbus.spi.ListenerDispatcher;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A handler is never handed an object that is not of the type it subscribed to, even when what the
 * bus is given is wrong: a codec's result of another class is refused as undecodable, and an index
 * that lists a supertype its event does not have is refused when the bus is built (delivery casts
 * without checking, on the strength of both).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ImmediateDeliveryTypeSafetyTest {

  private static final SubscribeOptions<Object> IMMEDIATE =
      SubscribeOptions.defaults().priority(Priority.IMMEDIATE);

  /** A codec that decodes every payload into a string: a broken custom codec. */
  static final class WrongClassCodec implements EventCodec {
    private final EventCodec json = new JsonEventCodec(List.of());

    @Override
    public byte[] encode(Object event, EventTypeInfo type) {
      return json.encode(event, type);
    }

    @Override
    public Object decode(byte[] payload, int storedVersion, EventTypeInfo type) {
      return "not an " + type.name();
    }
  }

  @Test
  void aReceivedEventThatTheCodecDecodesIntoAnotherClassIsRefusedNamingBoth() throws Exception {
    EventStore origin = EventStores.inMemory();
    EventStore local = EventStores.inMemory();
    try (EventBus publisher = EventBus.builder().store(origin).build();
        EventBus receiver = EventBus.builder().store(local).codec(new WrongClassCodec()).build()) {
      publisher.publish(new AccountOpened("a1", "ann")).toCompletableFuture().join();
      EventRecord record = origin.read(EventQuery.all()).get(0);
      List<Object> seen = new CopyOnWriteArrayList<>();
      receiver.subscribe(AccountOpened.class, (Object event) -> seen.add(event), IMMEDIATE);

      IllegalArgumentException refused =
          assertThrows(IllegalArgumentException.class, () -> receiver.receive(record));

      assertTrue(
          refused
              .getMessage()
              .endsWith(
                  "(account.opened v1, id "
                      + record.eventId()
                      + ") cannot be decoded: the codec "
                      + WrongClassCodec.class.getName()
                      + " returned a java.lang.String, not a "
                      + AccountOpened.class.getName()),
          refused.getMessage());
      assertEquals(List.of(), seen, "no handler was handed the string");
      assertEquals(List.of(), local.read(EventQuery.all()), "nothing was stored");
    }
  }

  /** An event class that an index wrongly says is a Ping. */
  static final class NotAPing {
    @Override
    public String toString() {
      return "NotAPing";
    }
  }

  /** An index that lists {@link NotAPing} with {@link Ping} among its supertypes. */
  static final class WrongSupertypeIndex implements EventBusIndex {
    @Override
    public List<EventTypeInfo> eventTypes() {
      return List.of(EventTypeInfo.of(NotAPing.class, "not-a-ping", 1, "not-a-ping", Ping.class));
    }

    @Override
    public List<ListenerDispatcher> dispatchers() {
      return List.of();
    }
  }

  @Test
  void anIndexListingASupertypeThatTheEventDoesNotHaveIsRefusedWhenTheBusIsBuilt() {
    IllegalStateException refused =
        assertThrows(
            IllegalStateException.class,
            () -> EventBus.builder().index(new WrongSupertypeIndex()).build());

    assertEquals(
        WrongSupertypeIndex.class.getName()
            + " lists "
            + Ping.class.getName()
            + " among the supertypes of event "
            + NotAPing.class.getName()
            + ", which neither extends nor implements it: the index is stale or written by hand."
            + " Rebuild the module of "
            + NotAPing.class.getName()
            + " with the annotation processor.",
        refused.getMessage());
  }
}
