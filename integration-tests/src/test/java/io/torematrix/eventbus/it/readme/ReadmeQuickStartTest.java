package io.torematrix.eventbus.it.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.PublishResult;
import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.Subscription;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The README's quick start runs as written, and does what the README says. */
class ReadmeQuickStartTest {

  @Test
  void quickStartRunsAsWritten() {
    PublishResult first;
    PublishResult second;
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
      first = result;

      second = bus.publish(new UserLoggedIn("admin8", Instant.now()), "admin.eu.login")
          .toCompletableFuture().join();
      audit.close();                                                 // unsubscribes its handlers
    }
    assertEquals(1, first.delivered(), "on its default topic only onLogin matches");
    assertEquals(3, second.delivered(), "on admin.eu.login the audit and the lambda match too");
  }
}
