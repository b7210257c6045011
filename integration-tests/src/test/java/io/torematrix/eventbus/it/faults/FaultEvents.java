package io.torematrix.eventbus.it.faults;

import io.torematrix.eventbus.annotation.Event;

/** The events the fault tests publish. */
final class FaultEvents {
  private FaultEvents() {}

  /** One level of a chain of handlers that each publish the next level. */
  @Event(name = "fault.level")
  record Level(int depth) {}

  /** A linked list, as deep as its builder likes: deep enough to overflow a recursive encoder. */
  @Event(name = "fault.node")
  record Node(String value, Node next) {
    static Node chain(int length) {
      Node node = null;
      for (int i = length; i > 0; i--) {
        node = new Node("n" + i, node);
      }
      return node;
    }
  }

  /** An event of the load tests: who published it, and its number there. */
  @Event(name = "fault.work")
  record Work(int publisher, int number) {}
}
