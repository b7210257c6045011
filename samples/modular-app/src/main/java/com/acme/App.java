package com.acme;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.PublishResult;
import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.Subscription;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/**
 * The README's quick start, as it stands there, run on the module path; then checks that the bus
 * found this module's index through its 'provides' clause, and what it tells a class of this
 * module that has no generated code. Exits with status 1 when something is wrong.
 */
public final class App {
  private App() {}

  public static void main(String[] args) {
    quickStart();

    Welcome welcome = new Welcome();
    PublishResult result;
    String refusal = null;
    try (EventBus bus = EventBus.create()) {
      bus.register(welcome);
      result = bus.publish(new UserLoggedIn("admin7", Instant.now())).toCompletableFuture().join();
      try {
        bus.register(new Object() {});
      } catch (IllegalArgumentException expected) {
        refusal = expected.getMessage();
      }
    }
    Set<String> done = new TreeSet<>(welcome.done);
    check(
        result.delivered() == 2 && done.equals(Set.of("last seen admin7", "mail admin7")),
        "Welcome's handlers: " + result + ", " + done);
    check(
        refusal != null
            && refusal.endsWith(
                " If it did run: module com.acme.app must declare 'provides"
                    + " io.torematrix.eventbus.spi.EventBusIndex with com.acme.EventBusIndex', or the"
                    + " bus cannot find the index generated for that package."),
        "registering an object without generated code: " + refusal);
    System.out.println("modular-app: the README's quick start ran on the module path");
  }

  /** The README's quick start. Registering fails if the bus found no index of this module. */
  static void quickStart() {
    try (EventBus bus = EventBus.create()) {
      Subscription audit = bus.register(new LoginAudit());          // generated, no reflection
      bus.subscribe(UserLoggedIn.class, e -> System.out.println("lambda " + e),
          SubscribeOptions.<UserLoggedIn>defaults()
              .filter(e -> !e.userId().isEmpty())
              .onError((e, err) -> System.err.println(err))
              .topics("users.*", "admin.>"));

      PublishResult result = bus.publish(new UserLoggedIn("admin7", Instant.now()))
          .toCompletableFuture().join();                             // all IMMEDIATE + NORMAL done
      System.out.println(result.delivered() + " delivered, " + result.failed() + " failed");

      bus.publish(new UserLoggedIn("admin8", Instant.now()), "admin.eu.login");   // explicit topic
      audit.close();                                                 // unsubscribes its handlers
    }
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      System.err.println("modular-app: wrong: " + what);
      System.exit(1);
    }
  }
}
