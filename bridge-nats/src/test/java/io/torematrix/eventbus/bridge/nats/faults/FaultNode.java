package io.torematrix.eventbus.bridge.nats.faults;

import io.torematrix.eventbus.bridge.nats.fixture.BridgeNode;
import java.nio.file.Path;
import io.torematrix.eventbus.spi.EventRecord;
import java.time.Duration;
import java.util.List;

/**
 * A node of a fault test run in a child JVM, so that the test can kill it with SIGKILL. Arguments:
 * <ul>
 *   <li>{@code relay <database> <nats url> <node id> <from> <to> <kill|finish>}: exports {@code
 *       orders.>}, prints {@code READY}, publishes orders {@code from} to {@code to} in batches of
 *       ten; then runs until killed ({@code kill}), or ({@code finish}) waits until the relay has
 *       every stored event acknowledged, closes and prints {@code DONE}.
 *   <li>{@code soak-relay <database> <nats url> <node id> <total> <kill|finish>}: as {@code relay},
 *       from the order after the last one its store holds up to {@code total}, printing {@code
 *       PUBLISHED <n>} for each thousand it passes and {@code PUBLISHED <total>} when done.
 *   <li>{@code import <database> <nats url> <node id> <expected> <kill|finish>}: imports {@code
 *       orders.>}, prints {@code READY}; then runs until killed, or waits until its store holds
 *       {@code expected} orders, closes and prints {@code DONE}.
 * </ul>
 */
public final class FaultNode {
  private FaultNode() {}

  public static void main(String[] args) throws Exception {
    String role = args[0];
    Path database = Path.of(args[1]);
    String url = args[2];
    String nodeId = args[3];
    boolean finish = args[args.length - 1].equals("finish");
    if (role.equals("soak-relay")) {
      int total = Integer.parseInt(args[4]);
      try (BridgeNode node = BridgeNode.start(nodeId, database, url, Faults.STREAM, bus -> {},
          bridge -> bridge.export("orders.>"))) {
        List<EventRecord> stored = node.stored(Faults.ORDER);
        int next = stored.size() + 1;
        System.out.println("READY");
        for (int number = next; number <= total; number += 10) {
          int last = Math.min(total, number + 9);
          Faults.publish(node.bus(), nodeId, number, last);
          for (int thousand = (number - 1) / 1000 + 1; thousand <= last / 1000; thousand++) {
            System.out.println("PUBLISHED " + thousand * 1000);
          }
        }
        System.out.println("PUBLISHED " + total);
        if (!finish) {
          Thread.sleep(Long.MAX_VALUE);
        }
        node.awaitRelayed(Duration.ofMinutes(10));
      }
    } else if (role.equals("relay")) {
      int from = Integer.parseInt(args[4]);
      int to = Integer.parseInt(args[5]);
      try (BridgeNode node = BridgeNode.start(nodeId, database, url, Faults.STREAM, bus -> {},
          bridge -> bridge.export("orders.>"))) {
        System.out.println("READY");
        for (int number = from; number <= to; number += 10) {
          Faults.publish(node.bus(), nodeId, number, Math.min(to, number + 9));
        }
        if (!finish) {
          Thread.sleep(Long.MAX_VALUE);
        }
        node.awaitRelayed(Duration.ofMinutes(2));
      }
    } else {
      int expected = Integer.parseInt(args[4]);
      try (BridgeNode node = BridgeNode.start(nodeId, database, url, Faults.STREAM, bus -> {},
          bridge -> bridge.importFrom(Faults.ordersImport()))) {
        System.out.println("READY");
        if (!finish) {
          Thread.sleep(Long.MAX_VALUE);
        }
        node.awaitStored(Faults.ORDER, expected, Duration.ofMinutes(10));
      }
    }
    System.out.println("DONE");
  }
}
