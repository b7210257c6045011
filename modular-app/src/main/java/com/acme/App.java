package com.acme;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.PublishResult;
import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.Subscription;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs the README's quick start on the module path and checks what the handlers received; exits
 * with status 1 if anything is missing, so the build fails.
 */
public final class App {
  private App() {}

  public static void main(String[] args) {
    LoginAudit audit = new LoginAudit();
    Welcome welcome = new Welcome();
    List<String> lambda = new CopyOnWriteArrayList<>();
    PublishResult result;
    try (EventBus bus = EventBus.create()) {
      Subscription auditing = bus.register(audit);
      bus.register(welcome);
      bus.subscribe(UserLoggedIn.class, e -> lambda.add("lambda " + e.userId()),
          SubscribeOptions.<UserLoggedIn>defaults()
              .filter(e -> !e.userId().isEmpty())
              .onError((e, err) -> System.err.println(err))
              .topics("users.*", "admin.>"));
      result = bus.publish(new UserLoggedIn("admin7", Instant.now()), "admin.eu.login")
          .toCompletableFuture().join();
      auditing.close();
    }
    Set<String> seen = new TreeSet<>(audit.seen);
    seen.addAll(welcome.done);
    seen.addAll(lambda);
    Set<String> expected = Set.of(
        "login admin7", "audit admin7 on admin.eu.login", "last seen admin7", "mail admin7",
        "lambda admin7");
    System.out.println(result.delivered() + " delivered, " + result.failed() + " failed: " + seen);
    if (!seen.equals(new TreeSet<>(expected)) || result.failed() != 0) {
      System.err.println("expected " + new TreeSet<>(expected));
      System.exit(1);
    }
  }
}
