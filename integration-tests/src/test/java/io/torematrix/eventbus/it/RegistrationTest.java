package io.torematrix.eventbus.it;

import static io.torematrix.eventbus.it.Buses.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.PublishResult;
import io.torematrix.eventbus.Subscription;
import io.torematrix.eventbus.annotation.Priority;
import io.torematrix.eventbus.annotation.Subscribe;
import io.torematrix.eventbus.it.Events.AccountClosed;
import io.torematrix.eventbus.it.Events.AccountEvent;
import io.torematrix.eventbus.it.Events.AccountOpened;
import io.torematrix.eventbus.it.Events.NotAnEvent;
import io.torematrix.eventbus.it.Events.Ping;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Registering listeners whose dispatchers the processor generated, and what they receive. */
class RegistrationTest {
  private final EventBus bus = EventBus.create();

  @AfterEach
  void close() {
    bus.close();
  }

  static class AccountListener {
    final Recorder recorder = new Recorder();

    @Subscribe(priority = Priority.IMMEDIATE)
    void opened(AccountOpened event) {
      recorder.add("opened " + event.accountId());
    }

    @Subscribe(priority = Priority.IMMEDIATE)
    void any(AccountEvent event, EventContext context) {
      recorder.add("any " + event.accountId() + " as " + context.typeName());
    }

    @Subscribe(priority = Priority.IMMEDIATE)
    void ping(Ping ping) {
      recorder.add("ping " + ping.number);
    }
  }

  @Test
  void registerBindsEveryHandlerOfTheListener() {
    AccountListener listener = new AccountListener();
    bus.register(listener);

    PublishResult result = await(bus.publish(new AccountOpened("a1", "ada")));
    await(bus.publish(new Ping(7)));

    assertEquals(2, result.delivered());
    assertEquals(
        List.of("opened a1", "any a1 as account.opened", "ping 7"), listener.recorder.entries());
  }

  @Test
  void aHandlerOfAnEventInterfaceReceivesEveryImplementation() {
    AccountListener listener = new AccountListener();
    bus.register(listener);

    await(bus.publish(new AccountClosed("a2")));

    assertEquals(List.of("any a2 as account.closed"), listener.recorder.entries());
  }

  static class BaseListener {
    final Recorder recorder = new Recorder();

    @Subscribe(priority = Priority.IMMEDIATE)
    void fromBase(AccountOpened event) {
      recorder.add("base " + event.accountId());
    }
  }

  static class DerivedListener extends BaseListener {
    @Subscribe(priority = Priority.IMMEDIATE)
    void fromDerived(AccountOpened event) {
      recorder.add("derived " + event.accountId());
    }
  }

  /** Declares no handler of its own. */
  static class PlainSubclass extends DerivedListener {}

  static class OverridingSubclass extends BaseListener {
    @Override
    void fromBase(AccountOpened event) {
      recorder.add("override " + event.accountId());
    }
  }

  @Test
  void handlersDeclaredInSuperclassesAreBoundSuperclassFirst() {
    DerivedListener listener = new DerivedListener();
    bus.register(listener);

    await(bus.publish(new AccountOpened("a3", "bob")));

    assertEquals(List.of("base a3", "derived a3"), listener.recorder.entries());
  }

  @Test
  void aSubclassWithoutHandlersOfItsOwnInheritsThem() {
    PlainSubclass listener = new PlainSubclass();
    bus.register(listener);

    await(bus.publish(new AccountOpened("a4", "cy")));

    assertEquals(List.of("base a4", "derived a4"), listener.recorder.entries());
  }

  @Test
  void anOverrideWithoutSubscribeReceivesTheInheritedSubscriptionOnce() {
    OverridingSubclass listener = new OverridingSubclass();
    bus.register(listener);

    await(bus.publish(new AccountOpened("a5", "di")));

    assertEquals(List.of("override a5"), listener.recorder.entries());
  }

  static class AsyncListener {
    final CompletableFuture<Void> gate = new CompletableFuture<>();

    @Subscribe
    CompletionStage<Void> slow(AccountOpened event) {
      return gate;
    }
  }

  @Test
  void publishAwaitsTheStageOfAnAsyncHandler() throws Exception {
    AsyncListener listener = new AsyncListener();
    bus.register(listener);

    CompletableFuture<PublishResult> result =
        bus.publish(new AccountOpened("a6", "ed")).toCompletableFuture();
    Thread.sleep(50);
    assertFalse(result.isDone(), "not done while the handler's stage is pending");

    listener.gate.complete(null);
    assertEquals(1, await(result).delivered());
  }

  @Test
  void closingTheSubscriptionUnsubscribesEveryHandler() {
    AccountListener listener = new AccountListener();
    Subscription subscription = bus.register(listener);
    assertTrue(subscription.isActive());

    subscription.close();
    subscription.close();
    PublishResult result = await(bus.publish(new AccountOpened("a7", "fi")));

    assertFalse(subscription.isActive());
    assertTrue(result.isDead());
    assertEquals(List.of(), listener.recorder.entries());
  }

  @Test
  void registeringAnObjectWithoutGeneratedDispatcherExplainsWhy() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> bus.register(new Object()));
    assertEquals(
        "cannot register java.lang.Object: no generated dispatcher was found for it or its"
            + " superclasses. Either it declares no @Subscribe method, or eventbus-processor was not"
            + " on the compiler's annotation processor path when it was compiled (add"
            + " io.torematrix.eventbus:eventbus-processor to annotationProcessorPaths). Under the"
            + " module system, its module must also declare 'provides"
            + " io.torematrix.eventbus.spi.EventBusIndex with' the generated index.",
        e.getMessage());
  }

  @Test
  void publishingATypeThatIsNotAnEventIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> bus.publish(new NotAnEvent("x")));
    assertEquals(
        "io.torematrix.eventbus.it.Events$NotAnEvent is not an event type known to this bus:"
            + " annotate it with @io.torematrix.eventbus.annotation.Event and make sure"
            + " eventbus-processor ran when it was compiled (it must be on the compiler's"
            + " annotation processor path)",
        e.getMessage());
  }

  @Test
  void subscribingToATypeThatIsNotAnEventIsRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> bus.subscribe(NotAnEvent.class, e -> {}));
  }
}
