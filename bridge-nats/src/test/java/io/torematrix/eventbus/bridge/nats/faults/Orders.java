package io.torematrix.eventbus.bridge.nats.faults;

import io.torematrix.eventbus.annotation.Event;

/** The events the fault tests export and import. */
public final class Orders {
  private Orders() {}

  /** Order {@code number} of node {@code origin}; the nodes number their orders 1, 2, 3, ... */
  @Event(name = "nats-faults.order-placed", topic = "orders.placed")
  public record Placed(String origin, int number) {}
}

