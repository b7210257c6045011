package io.torematrix.eventbus.bridge.nats.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.annotation.Subscribe;
import io.torematrix.eventbus.bridge.nats.NatsBridge;
import io.torematrix.eventbus.spi.EventRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

/** A receiving node's handler: records the id of each imported order it is handed. */
public final class Received {
  private final List<UUID> handled = new ArrayList<>();

  @Subscribe
  void on(Orders.Placed order, EventContext context) {
    if (NatsBridge.origin(context).isPresent()) {
      synchronized (handled) {
        handled.add(context.eventId());
      }
    }
  }

  /** @return how many imported orders the handler was handed */
  public int count() {
    synchronized (handled) {
      return handled.size();
    }
  }

  /**
   * Checks that the handler was handed each of {@code stored} once and nothing else.
   *
   * @param stored the receiving store's imported orders
   */
  public void checkHandledOnce(List<EventRecord> stored) {
    List<UUID> copy;
    synchronized (handled) {
      copy = List.copyOf(handled);
    }
    assertEquals(copy.size(), new HashSet<>(copy).size(), "the handler was handed an imported order twice");
    List<UUID> expected = new ArrayList<>();
    stored.forEach(record -> expected.add(record.eventId()));
    assertEquals(new HashSet<>(expected), new HashSet<>(copy), "the handler was handed exactly the stored orders");
  }
}
