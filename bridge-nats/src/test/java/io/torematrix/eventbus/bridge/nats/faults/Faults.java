package io.torematrix.eventbus.bridge.nats.faults;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.bridge.nats.NatsImport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** What the fault tests share: the stream, the import, the order type, publishing. */
final class Faults {
  /** The stream of every fault test: each runs its own server. */
  static final String STREAM = "FAULTS";
  /** The stable name of {@link Orders.Placed}. */
  static final String ORDER = "nats-faults.order-placed";
  /** How long a test waits for everything to arrive. */
  static final Duration ARRIVAL = Duration.ofSeconds(90);

  private Faults() {}

  /** The receivers' import of every order, with an ack wait of 2 s, so redeliveries come soon. */
  static NatsImport ordersImport() {
    return NatsImport.of("orders", "orders.>").ackWait(Duration.ofSeconds(2));
  }

  /** Publishes orders {@code from} to {@code to} of {@code origin} on {@code bus}, in that order, and waits until handled. */
  static void publish(EventBus bus, String origin, int from, int to) {
    List<CompletableFuture<?>> stages = new ArrayList<>();
    for (int number = from; number <= to; number++) {
      stages.add(bus.publish(new Orders.Placed(origin, number)).toCompletableFuture());
    }
    CompletableFuture.allOf(stages.toArray(CompletableFuture[]::new)).join();
  }
}
