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

  /** greenrobot EventBus finding subscriber methods by reflection. */
  static org.greenrobot.eventbus.EventBus greenrobot() {
    return org.greenrobot.eventbus.EventBus.builder()
        .ignoreGeneratedIndex(true)
        .logNoSubscriberMessages(false)
        .sendNoSubscriberEvent(false)
        .build();
  }

  /** greenrobot EventBus with the index its annotation processor generated. */
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
