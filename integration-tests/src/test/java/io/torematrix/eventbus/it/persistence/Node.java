package io.torematrix.eventbus.it.persistence;

import io.torematrix.eventbus.annotation.Event;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of any length, as a record that holds itself: the deepest JSON a type can ask for. Compare
 * long chains with {@link #values()}: the record's own {@code equals} recurses through method
 * handles and runs out of stack long before the codec's limit.
 */
@Event(name = "node", version = 1)
public record Node(String value, Node next) {

  /** A list of {@code length} nodes. */
  public static Node chain(int length) {
    Node node = null;
    for (int i = length; i > 0; i--) {
      node = new Node("n" + i, node);
    }
    return node;
  }

  /** The values along the chain from this node, without recursion. */
  public List<String> values() {
    List<String> values = new ArrayList<>();
    for (Node node = this; node != null; node = node.next) {
      values.add(node.value);
    }
    return values;
  }
}
