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
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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

  /** The advice both messages end with when generated code is missing, on the class path. */
  private static final String PROCESSOR_NOT_RUN =
      "eventbus-processor did not run when it was compiled. With Maven, add"
          + " io.torematrix.eventbus:eventbus-processor to the annotationProcessorPaths of the"
          + " maven-compiler-plugin, and give that plugin a <version> of 3.5 or later: without"
          + " one, Maven 3.8 uses 3.1, which ignores annotationProcessorPaths. With Gradle, add it"
          + " to the annotationProcessor configuration.";

  @Test
  void registeringAnObjectWithoutGeneratedDispatcherExplainsWhyAndNamesTheOldCompilerPlugin() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> bus.register(new Object()));
    assertEquals(
        "cannot register java.lang.Object: no generated dispatcher was found for it or its"
            + " superclasses. Either it declares no @Subscribe method, or "
            + PROCESSOR_NOT_RUN,
        e.getMessage());
  }

  @Test
  void publishingATypeThatIsNotAnEventIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> bus.publish(new NotAnEvent("x")));
    assertEquals(
        "io.torematrix.eventbus.it.Events$NotAnEvent is not an event type known to this bus."
            + " Either it is not annotated with @io.torematrix.eventbus.annotation.Event, or "
            + PROCESSOR_NOT_RUN,
        e.getMessage());
  }

  @Test
  void registeringTheSameListenerTwiceIsRefusedNamingItAndTheFirstRegistrationCarriesOn() {
    AccountListener listener = new AccountListener();
    Subscription first = bus.register(listener);

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> bus.register(listener));
    PublishResult result = await(bus.publish(new AccountOpened("a8", "gus")));

    assertEquals(
        "cannot register io.torematrix.eventbus.it.RegistrationTest$AccountListener@"
            + Integer.toHexString(System.identityHashCode(listener))
            + ": this object is registered on this bus already, and registering it again would"
            + " deliver every event to each of its handlers twice. Keep the Subscription the first"
            + " register returned (its close() unregisters the listener, which may then be"
            + " registered again), or register another instance.",
        e.getMessage());
    assertTrue(first.isActive());
    assertEquals(2, result.delivered());
    assertEquals(List.of("opened a8", "any a8 as account.opened"), listener.recorder.entries());
  }

  @Test
  void aListenerCanBeRegisteredAgainOnceItsSubscriptionIsClosed() {
    AccountListener listener = new AccountListener();
    bus.register(listener).close();

    Subscription again = bus.register(listener);
    await(bus.publish(new Ping(9)));

    assertTrue(again.isActive());
    assertEquals(List.of("ping 9"), listener.recorder.entries());
  }

  /** Every instance equals every other: registration goes by identity, not by equals. */
  static final class EqualListener extends AccountListener {
    @Override
    public boolean equals(Object other) {
      return other instanceof EqualListener;
    }

    @Override
    public int hashCode() {
      return 1;
    }
  }

  @Test
  void twoInstancesAreTwoListenersEvenWhenTheyAreEqual() {
    EqualListener one = new EqualListener();
    EqualListener two = new EqualListener();
    bus.register(one);
    bus.register(two);

    await(bus.publish(new Ping(1)));

    assertEquals(List.of("ping 1"), one.recorder.entries());
    assertEquals(List.of("ping 1"), two.recorder.entries());
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void whenThreadsRegisterOneListenerAtOnceExactlyOneSucceeds() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 200; round++) {
        AccountListener listener = new AccountListener();
        CyclicBarrier start = new CyclicBarrier(2);
        Callable<Subscription> register =
            () -> {
              start.await(10, TimeUnit.SECONDS);
              try {
                return bus.register(listener);
              } catch (IllegalArgumentException refused) {
                return null;
              }
            };
        Future<Subscription> a = threads.submit(register);
        Future<Subscription> b = threads.submit(register);
        Subscription first = a.get(10, TimeUnit.SECONDS);
        Subscription second = b.get(10, TimeUnit.SECONDS);

        assertTrue((first == null) != (second == null), "round " + round + ": " + first + ", " + second);
        await(bus.publish(new Ping(round)));
        assertEquals(List.of("ping " + round), listener.recorder.entries());
        (first != null ? first : second).close();
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void subscribingToATypeThatIsNotAnEventIsRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> bus.subscribe(NotAnEvent.class, e -> {}));
  }
}
