package com.acme;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.PublishResult;
import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.Subscription;
import io.torematrix.eventbus.micrometer.EventBusMetricsBinder;
import io.torematrix.eventbus.store.jdbc.JdbcEventStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The README's quick start, store and Micrometer snippets, as they stand there, run as an
 * application on the class path; then it checks what they did, and exits with status 1 when
 * something is wrong.
 */
public final class App {
  private App() {}

  public static void main(String[] args) throws Exception {
    quickStart();
    storeMetricsAndLogging();
    System.out.println("classpath-app: the README's snippets did what it says");
  }

  /** The README's quick start. Registering fails if the processor did not run. */
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

  /**
   * The README's SQLite store and Micrometer binder; a handler that fails with nobody but the
   * bus's default error handler to hear it, which logs a warning: through slf4j-jdk-platform-logging
   * and Logback (src/main/resources/logback.xml) it lands in app.log.
   */
  static void storeMetricsAndLogging() throws Exception {
    MeterRegistry registry = new SimpleMeterRegistry();
    EventBus bus = EventBus.builder()
        .store(JdbcEventStores.sqlite(Path.of("events.db")))      // or EventStores.inMemory()
        .build();                                                   // or JdbcEventStores.postgres(url)
    try (bus) {
      new EventBusMetricsBinder(bus).bindTo(registry);           // or (bus, Tags.of("bus", "orders"), refresh)
      bus.subscribe(UserLoggedIn.class, login -> {
        if (login.userId().equals("mallory")) {
          throw new IllegalStateException("mallory is locked out");
        }
      });
      for (String user : List.of("ada", "bob", "mallory")) {
        bus.publish(new UserLoggedIn(user, Instant.now())).toCompletableFuture().join();
      }

      List<UserLoggedIn> stored =
          bus.history().events(UserLoggedIn.class, login -> true).toCompletableFuture().join();
      List<String> lastThree =
          stored.subList(Math.max(0, stored.size() - 3), stored.size()).stream()
              .map(UserLoggedIn::userId)
              .toList();
      check(lastThree.equals(List.of("ada", "bob", "mallory")), "stored in events.db: " + lastThree);

      Thread.sleep(1_100); // a snapshot serves the meters for up to one second
      double published = count(registry, "eventbus.events", "published");
      double failed = count(registry, "eventbus.handler.invocations", "failed");
      check(published == 3 && failed == 1, "meters: published " + published + ", failed " + failed);
    }
    String log = Files.readString(Path.of("app.log"));
    check(
        log.contains(
            "WARN io.torematrix.eventbus - lambda subscriber #1 of UserLoggedIn failed (HANDLER)"
                + " on user.logged-in event ")
            && log.contains("java.lang.IllegalStateException: mallory is locked out"),
        "app.log holds no warning of the failed handler:\n" + log);
  }

  private static double count(MeterRegistry registry, String meter, String outcome) {
    return registry.get(meter)
        .tags("event.type", "user.logged-in", "outcome", outcome)
        .functionCounter()
        .count();
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      System.err.println("classpath-app: wrong: " + what);
      System.exit(1);
    }
  }
}
