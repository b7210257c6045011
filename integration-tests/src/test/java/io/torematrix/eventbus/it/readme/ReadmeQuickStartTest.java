package io.torematrix.eventbus.it.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.PublishResult;
import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.Subscription;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's quick start prints what the README says it prints, every time: 20 runs of {@link
 * #quickStart()}, which {@link ReadmeSamplesTest} checks is the README's code word for word (as
 * {@link LoginAudit} and {@link UserLoggedIn} are), print the README's output, line for line.
 */
class ReadmeQuickStartTest {
  private static final Path README = Path.of("..", "README.md");

  /** The README's quick start. */
  static void quickStart() {
    try (EventBus bus = EventBus.create()) {
      LoginAudit audit = new LoginAudit();
      Subscription auditing = bus.register(audit);                  // generated, no reflection
      bus.subscribe(UserLoggedIn.class, e -> System.out.println("lambda " + e.userId()),
          SubscribeOptions.<UserLoggedIn>defaults()
              .filter(e -> !e.userId().isEmpty())
              .onError((e, err) -> System.err.println(err))
              .topics("users.*", "admin.>"));

      PublishResult result = bus.publish(new UserLoggedIn("admin7", Instant.now()))
          .toCompletableFuture().join();                             // all IMMEDIATE + NORMAL done
      System.out.println(result.delivered() + " delivered, " + result.failed() + " failed");

      result = bus.publish(new UserLoggedIn("admin8", Instant.now()), "admin.eu.login") // a topic
          .toCompletableFuture().join();
      System.out.println(result.delivered() + " delivered; audited " + audit.audited);

      auditing.close();                                              // unsubscribes its handlers
      result = bus.publish(new UserLoggedIn("admin9", Instant.now()), "admin.eu.login")
          .toCompletableFuture().join();
      System.out.println(result.delivered() + " delivered once the audit unsubscribed");
    }
  }

  @Test
  void theQuickStartPrintsWhatTheReadmeShowsEveryTime() throws IOException {
    List<String> expected = block(readme(), "It prints, every time:", "```text");
    for (int run = 0; run < 20; run++) {
      assertEquals(expected, printedBy(ReadmeQuickStartTest::quickStart), "run " + run);
    }
  }

  private static String readme() throws IOException {
    return Files.readString(README);
  }

  /** The lines of the first fenced block opening with {@code fence} after {@code heading}. */
  private static List<String> block(String text, String heading, String fence) {
    int start = text.indexOf(fence, text.indexOf(heading)) + fence.length() + 1;
    return lines(text.substring(start, text.indexOf("```", start)));
  }

  private static List<String> lines(String text) {
    List<String> lines = new ArrayList<>(text.lines().toList());
    lines.removeIf(String::isBlank);
    return lines;
  }

  private static List<String> printedBy(Runnable program) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      program.run();
    } finally {
      System.setOut(original);
    }
    return lines(captured.toString(StandardCharsets.UTF_8));
  }
}
