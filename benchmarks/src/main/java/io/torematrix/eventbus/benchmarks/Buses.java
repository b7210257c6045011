package io.torematrix.eventbus.benchmarks;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.benchmarks.peers.GreenrobotIndex;
import net.engio.mbassy.bus.MBassador;

/** The buses under test, each built as its documentation recommends for synchronous delivery. */
final class Buses {
  private Buses() {}

  static EventBus torematrix() {
    return EventBus.create();
  }

  static com.google.common.eventbus.EventBus guava() {
    return new com.google.common.eventbus.EventBus("benchmark");
  }

  /**
   * greenrobot EventBus as {@code EventBus.getDefault()} is built: event inheritance on (an event
   * reaches handlers of its supertypes too), subscriber methods found by reflection.
   */
  static org.greenrobot.eventbus.EventBus greenrobot() {
    return org.greenrobot.eventbus.EventBus.builder()
        .ignoreGeneratedIndex(true)
        .logNoSubscriberMessages(false)
        .sendNoSubscriberEvent(false)
        .build();
  }

  /**
   * greenrobot EventBus in its fastest configuration for posting: {@code eventInheritance(false)}
   * (an event reaches handlers of its exact class only, so a post looks up one class instead of
   * the event's type hierarchy), no index. The index speeds up registration only.
   */
  static org.greenrobot.eventbus.EventBus greenrobotNoInheritance() {
    return org.greenrobot.eventbus.EventBus.builder()
        .eventInheritance(false)
        .ignoreGeneratedIndex(true)
        .logNoSubscriberMessages(false)
        .sendNoSubscriberEvent(false)
        .build();
  }

  /**
   * greenrobot EventBus with the index its annotation processor generated, event inheritance on.
   */
  static org.greenrobot.eventbus.EventBus greenrobotIndexed() {
    return org.greenrobot.eventbus.EventBus.builder()
        .addIndex(new GreenrobotIndex())
        .logNoSubscriberMessages(false)
        .sendNoSubscriberEvent(false)
        .build();
  }

  static MBassador<Object> mbassador() {
    return new MBassador<>(error -> {});
  }
}
