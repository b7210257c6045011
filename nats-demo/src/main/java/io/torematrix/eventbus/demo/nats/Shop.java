package io.torematrix.eventbus.demo.nats;

import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.annotation.Subscribe;
import io.torematrix.eventbus.bridge.nats.NatsBridge;
import java.io.PrintStream;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/** Node A's handler: hears the warehouse's replies to the orders this run placed. */
final class Shop {
  private final PrintStream out;
  private final Set<UUID> placed = ConcurrentHashMap.newKeySet();
  private final CountDownLatch shipped;

  Shop(PrintStream out, int orders) {
    this.out = out;
    this.shipped = new CountDownLatch(orders);
  }

  /** Remembers an order this run placed, by its event id. */
  void placed(UUID orderEventId) {
    placed.add(orderEventId);
  }

  @Subscribe
  void shipped(OrderShipped shipment, EventContext context) {
    boolean ours = context.causationId().map(placed::contains).orElse(false);
    out.println("shop: " + shipment.orderId() + " shipped as " + shipment.parcel() + " by "
        + NatsBridge.origin(context).orElse("this node") + (ours ? "" : " (an order of an earlier run)"));
    if (ours) {
      shipped.countDown();
    }
  }

  /** The latch that reaches zero once every order of this run was shipped. */
  CountDownLatch allShipped() {
    return shipped;
  }
}
