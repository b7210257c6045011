package io.torematrix.eventbus.demo.nats;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.PublishResult;
import io.torematrix.eventbus.bridge.nats.NatsBridge;
import io.torematrix.eventbus.bridge.nats.NatsImport;
import io.torematrix.eventbus.bridge.nats.NatsStream;
import io.torematrix.eventbus.spi.EventStore;
import io.torematrix.eventbus.store.jdbc.JdbcEventStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Two buses in two JVMs sharing events through NATS JetStream. Run the warehouse (node B) in one
 * terminal and the shop (node A) in another:
 *
 * <pre>
 * java -jar nats-demo/target/nats-demo.jar warehouse
 * java -jar nats-demo/target/nats-demo.jar shop
 * </pre>
 *
 * The shop publishes orders on {@code orders.placed}; its bridge relays them out of its store to
 * JetStream; the warehouse's bridge imports them into its store and hands them to its handler,
 * which replies with {@code OrderShipped} on {@code shipments.shipped}, relayed back the same way
 * to the shop's handler. The shop exits once every order was shipped (1 after 60 s without); the
 * warehouse runs until stopped (Ctrl-C). Options: {@code --nats URL} (default {@code
 * nats://127.0.0.1:4222}), {@code --orders N} (shop, default 3), {@code --dir DIR} for the SQLite
 * files (default the temporary directory), {@code --stream NAME} (default {@code
 * TOREMATRIX_DEMO}).
 */
public final class NatsDemo {
  private NatsDemo() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0 || !(args[0].equals("shop") || args[0].equals("warehouse"))) {
      System.err.println("usage: java -jar nats-demo.jar shop|warehouse [--nats URL] [--orders N] [--dir DIR] [--stream NAME] [--prefix SUBJECT-PREFIX]");
      System.exit(2);
    }
    String node = args[0];
    String url = option(args, "--nats", "nats://127.0.0.1:4222");
    int orders = Integer.parseInt(option(args, "--orders", "3"));
    Path dir = Path.of(option(args, "--dir", System.getProperty("java.io.tmpdir")));
    String stream = option(args, "--stream", "TOREMATRIX_DEMO");
    String prefix = option(args, "--prefix", "demo");
    if (node.equals("shop")) {
      System.exit(shop(url, orders, dir, stream, prefix));
    }
    warehouse(url, dir, stream, prefix);
  }

  /** Node A: publishes orders, waits for the warehouse's replies. */
  static int shop(String url, int orders, Path dir, String stream, String prefix) throws Exception {
    EventStore store = JdbcEventStores.sqlite(dir.resolve("torematrix-nats-demo-shop.db"));
    try (EventBus bus = EventBus.builder().store(store).build()) {
      Shop shop = new Shop(System.out, orders);
      bus.register(shop);
      try (NatsBridge bridge = bridge(bus, store, url, "shop", stream, prefix)
          .export("orders.>")
          .importFrom(NatsImport.of("shipments", "shipments.>"))
          .start()) {
        String run = Long.toString(System.currentTimeMillis() % 100_000);
        List<String> items = List.of("book", "lamp", "kettle", "chair", "plant");
        List<PublishResult> results = new ArrayList<>();
        for (int i = 1; i <= orders; i++) {
          OrderPlaced order = new OrderPlaced("o-" + run + "-" + i, items.get((i - 1) % items.size()), i);
          PublishResult result = bus.publish(order).toCompletableFuture().join();
          shop.placed(result.context().eventId());
          results.add(result);
          System.out.println("shop: placed " + order.orderId() + " (" + order.quantity() + " x " + order.item() + ")");
        }
        CountDownLatch shipped = shop.allShipped();
        if (!shipped.await(60, TimeUnit.SECONDS)) {
          System.out.println("shop: " + shipped.getCount() + " of " + orders + " orders not shipped within 60 s; "
              + bridge.status());
          return 1;
        }
        System.out.println("shop: all " + orders + " orders shipped");
        return 0;
      }
    }
  }

  /** Node B: ships every order it imports, until the JVM is stopped (its exit hook closes the bridge). */
  static void warehouse(String url, Path dir, String stream, String prefix) throws Exception {
    EventStore store = JdbcEventStores.sqlite(dir.resolve("torematrix-nats-demo-warehouse.db"));
    EventBus bus = EventBus.builder().store(store).build();
    bus.register(new Warehouse(bus, System.out));
    NatsBridge bridge = bridge(bus, store, url, "warehouse", stream, prefix)
        .export("shipments.>")
        .importFrom(NatsImport.of("orders", "orders.>"))
        .start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      bridge.close();
      bus.close();
    }, "nats-demo-stop"));
    System.out.println("warehouse: waiting for orders (Ctrl-C stops)");
    new CountDownLatch(1).await();
  }

  private static NatsBridge.Builder bridge(
      EventBus bus, EventStore store, String url, String node, String stream, String prefix) {
    return NatsBridge.builder(bus, store)
        .server(url)
        .nodeId(node)
        .subjectPrefix(prefix)
        .stream(NatsStream.named(stream).duplicateWindow(Duration.ofMinutes(2)));
  }

  private static String option(String[] args, String name, String otherwise) {
    for (int i = 1; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return otherwise;
  }
}
