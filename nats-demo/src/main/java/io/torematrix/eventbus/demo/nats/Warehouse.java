package io.torematrix.eventbus.demo.nats;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.annotation.Subscribe;
import io.torematrix.eventbus.bridge.nats.NatsBridge;
import java.io.PrintStream;

/**
 * Node B's handlers: ships each order the shop placed and replies with {@link OrderShipped}, which
 * the bridge exports back. Publishing from the handler makes the order the reply's cause, so both
 * share a correlation id across the two JVMs.
 */
final class Warehouse {
  private final EventBus bus;
  private final PrintStream out;

  Warehouse(EventBus bus, PrintStream out) {
    this.bus = bus;
    this.out = out;
  }

  @Subscribe
  void ship(OrderPlaced order, EventContext context) {
    String parcel = "parcel-" + order.orderId();
    out.println("warehouse: " + order.orderId() + " (" + order.quantity() + " x " + order.item() + ") from "
        + NatsBridge.origin(context).orElse("this node") + " -> shipping " + parcel);
    bus.publish(new OrderShipped(order.orderId(), parcel));
  }
}
