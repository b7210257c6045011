package io.torematrix.eventbus.example.spring.listeners;

import io.torematrix.eventbus.annotation.Subscribe;
import io.torematrix.eventbus.example.spring.orders.OrderShipped;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

/** Tells customers their order is on its way. */
@Component
public class Notifications {
  private final List<String> sent = new CopyOnWriteArrayList<>();

  @Subscribe
  void shipped(OrderShipped shipped) {
    sent.add("order " + shipped.orderId() + " is on its way: " + shipped.trackingCode());
  }

  /** The messages sent, in order. */
  public List<String> sent() {
    return List.copyOf(sent);
  }
}
