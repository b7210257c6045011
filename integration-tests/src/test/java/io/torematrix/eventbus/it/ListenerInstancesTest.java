package io.torematrix.eventbus.it;

import static io.torematrix.eventbus.it.Buses.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.PublishResult;
import io.torematrix.eventbus.Subscription;
import io.torematrix.eventbus.annotation.Priority;
import io.torematrix.eventbus.annotation.Subscribe;
import io.torematrix.eventbus.it.Events.AccountClosed;
import io.torematrix.eventbus.it.Events.AccountEvent;
import io.torematrix.eventbus.it.Events.AccountOpened;
import io.torematrix.eventbus.it.Events.Ping;
import io.torematrix.eventbus.spi.EventBusIndex;
import io.torematrix.eventbus.spi.EventTypeInfo;
import io.torematrix.eventbus.spi.HandlerRegistrar;
import io.torematrix.eventbus.spi.HandlerSpec;
import io.torematrix.eventbus.spi.ListenerDispatcher;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Many instances of one listener class, and of its subclasses: the bus learns what a class's
 * handlers are from its first instance and binds the others with that, so each instance must still
 * get exactly its own handlers, on their topics, in delivery order, and leave alone.
 */
class ListenerInstancesTest {
  private final EventBus bus = EventBus.create();

  @AfterEach
  void close() {
    bus.close();
  }

  static class Named {
    final String name;
    final Recorder recorder;

    Named(String name, Recorder recorder) {
      this.name = name;
      this.recorder = recorder;
    }

    @Subscribe(priority = Priority.IMMEDIATE)
    void ping(Ping ping) {
      recorder.add(name + " ping " + ping.number);
    }

    @Subscribe(priority = Priority.IMMEDIATE, topics = "accounts.*")
    void opened(AccountOpened event) {
      recorder.add(name + " opened " + event.accountId());
    }

    @Subscribe(priority = Priority.IMMEDIATE, order = -1)
    void any(AccountEvent event) {
      recorder.add(name + " any " + event.accountId());
    }
  }

  static class LoudNamed extends Named {
    LoudNamed(String name, Recorder recorder) {
      super(name, recorder);
    }

    @Subscribe(priority = Priority.IMMEDIATE, order = 5)
    void loud(Ping ping) {
      recorder.add(name + " LOUD " + ping.number);
    }
  }

  @Test
  void eachInstanceOfAClassGetsItsOwnHandlersInDeliveryOrder() {
    Recorder recorder = new Recorder();
    bus.register(new Named("one", recorder));
    bus.register(new Named("two", recorder));
    bus.register(new Named("three", recorder));

    await(bus.publish(new AccountOpened("a1", "ann")));
    await(bus.publish(new Ping(7)));

    assertEquals(
        List.of(
            "one any a1",
            "two any a1",
            "three any a1",
            "one opened a1",
            "two opened a1",
            "three opened a1",
            "one ping 7",
            "two ping 7",
            "three ping 7"),
        recorder.entries());
  }

  @Test
  void closingOneInstancesSubscriptionLeavesTheOthersSubscribed() {
    Recorder recorder = new Recorder();
    Subscription one = bus.register(new Named("one", recorder));
    bus.register(new Named("two", recorder));
    Subscription three = bus.register(new Named("three", recorder));

    one.close();
    await(bus.publish(new Ping(1)));
    three.close();
    await(bus.publish(new Ping(2)));

    assertEquals(List.of("two ping 1", "three ping 1", "two ping 2"), recorder.entries());
  }

  @Test
  void anInstanceRegisteredAgainAfterItsSubscriptionClosedIsDeliveredToOnce() {
    Recorder recorder = new Recorder();
    Named one = new Named("one", recorder);
    bus.register(new Named("two", recorder));
    bus.register(one).close();
    bus.register(one);

    PublishResult result = await(bus.publish(new Ping(3)));

    assertEquals(List.of("two ping 3", "one ping 3"), recorder.entries());
    assertEquals(2, result.delivered());
  }

  @Test
  void aSecondInstanceListensOnTheTopicsItsClassDeclares() {
    Recorder recorder = new Recorder();
    bus.register(new Named("one", recorder));
    bus.register(new Named("two", recorder));

    await(bus.publish(new AccountOpened("a2", "bo"), "elsewhere.opened"));

    assertEquals(List.of("one any a2", "two any a2"), recorder.entries());
  }

  @Test
  void subclassAndSuperclassInstancesEachGetTheirClasssHandlers() {
    Recorder recorder = new Recorder();
    bus.register(new LoudNamed("sub", recorder));
    bus.register(new Named("base", recorder));
    bus.register(new LoudNamed("sub2", recorder));

    await(bus.publish(new Ping(4)));
    await(bus.publish(new AccountClosed("c1")));

    assertEquals(
        List.of(
            "sub ping 4",
            "base ping 4",
            "sub2 ping 4",
            "sub LOUD 4",
            "sub2 LOUD 4",
            "sub any c1",
            "base any c1",
            "sub2 any c1"),
        recorder.entries());
  }

  @Test
  void closingASubclassInstanceLeavesTheSuperclassInstanceSubscribed() {
    Recorder recorder = new Recorder();
    Subscription sub = bus.register(new LoudNamed("sub", recorder));
    bus.register(new Named("base", recorder));

    sub.close();
    await(bus.publish(new Ping(5)));

    assertEquals(List.of("base ping 5"), recorder.entries());
  }

  /** A listener whose hand-written dispatcher describes other handlers for other instances. */
  static final class Chameleon {
    final String topic;
    final boolean alsoClosed;
    final Recorder recorder;

    Chameleon(String topic, boolean alsoClosed, Recorder recorder) {
      this.topic = topic;
      this.alsoClosed = alsoClosed;
      this.recorder = recorder;
    }
  }

  /** Binds a {@link Chameleon} by its fields, as a hand-written dispatcher may. */
  static final class ChameleonDispatcher implements ListenerDispatcher {
    @Override
    public Class<?> listenerType() {
      return Chameleon.class;
    }

    @Override
    public void bind(Object listener, HandlerRegistrar registrar) {
      Chameleon chameleon = (Chameleon) listener;
      registrar.add(
          HandlerSpec.of(AccountOpened.class, "Chameleon.opened on " + chameleon.topic)
              .priority(Priority.IMMEDIATE)
              .topics(chameleon.topic)
              .sync(
                  (event, context) ->
                      chameleon.recorder.add(chameleon.topic + " opened " + event.accountId())));
      if (chameleon.alsoClosed) {
        registrar.add(
            HandlerSpec.of(AccountClosed.class, "Chameleon.closed")
                .priority(Priority.IMMEDIATE)
                .sync(
                    (event, context) ->
                        chameleon.recorder.add(chameleon.topic + " closed " + event.accountId())));
      }
    }
  }

  private static EventBus busWithChameleons() {
    return EventBus.builder()
        .index(
            new EventBusIndex() {
              @Override
              public List<EventTypeInfo> eventTypes() {
                return List.of();
              }

              @Override
              public List<ListenerDispatcher> dispatchers() {
                return List.of(new ChameleonDispatcher());
              }
            })
        .build();
  }

  @Test
  void instancesWhoseDispatcherDescribesOtherHandlersAreBoundAsDescribed() {
    Recorder recorder = new Recorder();
    try (EventBus chameleons = busWithChameleons()) {
      chameleons.register(new Chameleon("a.*", false, recorder));
      chameleons.register(new Chameleon("b.*", true, recorder));
      chameleons.register(new Chameleon("a.*", false, recorder));

      await(chameleons.publish(new AccountOpened("x1", "cy"), "b.one"));
      await(chameleons.publish(new AccountOpened("x2", "cy"), "a.one"));
      await(chameleons.publish(new AccountClosed("x3")));

      assertEquals(
          List.of("b.* opened x1", "a.* opened x2", "a.* opened x2", "b.* closed x3"),
          recorder.entries());
    }
  }

  @Test
  void anInvalidTopicOfALaterInstanceIsRefusedAndLeavesTheEarlierOnesSubscribed() {
    Recorder recorder = new Recorder();
    try (EventBus chameleons = busWithChameleons()) {
      chameleons.register(new Chameleon("a.*", true, recorder));

      IllegalArgumentException refused =
          assertThrows(
              IllegalArgumentException.class,
              () -> chameleons.register(new Chameleon("a..b", true, recorder)));
      PublishResult result = await(chameleons.publish(new AccountClosed("x4")));

      assertTrue(refused.getMessage().contains("a..b"), refused.getMessage());
      assertEquals(List.of("a.* closed x4"), recorder.entries());
      assertEquals(1, result.delivered());
    }
  }

  @Test
  void manyInstancesRegisteredAndClosedInTurnLeaveExactlyTheOpenOnesSubscribed() {
    Recorder recorder = new Recorder();
    List<Subscription> open = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      open.add(bus.register(new Named("n" + i, recorder)));
    }
    for (int i = 0; i < 50; i += 2) {
      open.get(i).close();
    }

    PublishResult result = await(bus.publish(new Ping(6)));

    List<String> expected = new ArrayList<>();
    for (int i = 1; i < 50; i += 2) {
      expected.add("n" + i + " ping 6");
    }
    assertEquals(expected, recorder.entries());
    assertEquals(25, result.delivered());
  }
}
