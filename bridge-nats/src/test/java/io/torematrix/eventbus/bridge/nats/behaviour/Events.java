package io.torematrix.eventbus.bridge.nats.behaviour;

import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.annotation.Event;
import io.torematrix.eventbus.annotation.Subscribe;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The events and listeners of the bridge's tests. */
final class Events {
  private Events() {}

  @Event(name = "test.order-placed")
  record OrderPlaced(String orderId, int amount) {}

  @Event(name = "test.order-confirmed")
  record OrderConfirmed(String orderId) {}

  /** Records every order it receives, with its context. */
  static final class Orders {
    final List<OrderPlaced> received = new CopyOnWriteArrayList<>();
    final List<EventContext> contexts = new CopyOnWriteArrayList<>();

    @Subscribe(topics = "orders.>")
    void on(OrderPlaced order, EventContext context) {
      received.add(order);
      contexts.add(context);
    }
  }
}
