package io.torematrix.eventbus.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runs the tour as the README does, and checks that it tells the story it promises. */
class ExampleAppTest {

  @TempDir Path directory;

  private static String run(Path file) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      ExampleApp.main(new String[] {file.toString()});
    } finally {
      System.setOut(original);
    }
    String output = captured.toString(StandardCharsets.UTF_8);
    original.print(output);
    return output;
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aSecondRunFindsTheHistoryOfTheFirstInTheSqliteFile() throws Exception {
    Path file = directory.resolve("tour.db");
    String first = run(file);
    String second = run(file);

    assertContains(first, "the file is new: this is the first run.");
    assertContains(first, "folded again: Account[id=acc-1, owner=ada, balance=70.00, version=3] at version 3");
    assertContains(second, "this is run 2: the file holds ");
    assertContains(
        second, "folded stream acc-1 before this run: Account[id=acc-1, owner=ada, balance=70.00, version=3]");
    assertContains(second, "folded again: Account[id=acc-1, owner=ada, balance=140.00, version=5] at version 5");
    assertContains(second, "replayed 5 stored events into a fresh AccountJournal");
    assertContains(second, "a writer holding a stale version is refused: stream \"acc-1\" is at version 5");

    assertContains(first, "sales-ledger is new: it starts at the beginning of the file");
    assertContains(first, "sales-ledger handled 5 orders in this run, worth 1263.50: [o-1, o-2, o-3, o-4, o-5]");
    Matcher checkpoint = Pattern.compile("checkpoint now at position (\\d+), lag 0, parked 0").matcher(first);
    assertTrue(checkpoint.find(), () -> "no checkpoint of sales-ledger in:\n" + first);
    assertContains(
        second,
        "sales-ledger resumes after position " + checkpoint.group(1) + ", where the last run left it");
    assertContains(
        second,
        "sales-ledger handled 5 orders in this run, worth 1263.50: [o-1, o-2, o-3, o-4, o-5]");
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void theTourShowsEachFeatureItPromises() throws Exception {
    String output = run(directory.resolve("tour.db"));

    assertContains(output, "registered Inventory");
    assertContains(output, "reserved 2 x book for o-1");
    assertContains(output, "charged 40.00 to ada");
    assertContains(output, "onError for o-2: card of bob declined");
    assertContains(output, "[bus error handler");
    assertContains(output, "failure in result: Billing.charge(OrderPlaced)");
    assertContains(output, "-> small order: delivered=4 filtered=1");
    assertContains(output, "a personal thank-you note goes to di");
    assertContains(output, "DEAD: no subscription matched");
    assertContains(output, "closed.");
    assertContains(output, "request(QuoteRequested(book, 3)) -> Quote[item=book, quantity=3, total=37.50]");
    assertContains(output, "request(QuoteRequested(unicorn, 1)) -> java.util.concurrent.TimeoutException");
    assertContains(output, "replayed 3 stored events into a fresh AccountJournal");
    assertContains(output, "wf-1: hand-over");
    assertContains(output, "same correlation");
    assertContains(output, "EventRejectedException: customer mallory is blocked");
    assertContains(output, "count 3 -> delivered=0 filtered=0 failed=1 deferred=0; circuit OPEN");
    assertContains(output, "count 4 -> circuit breaker open for stock.counted");
    assertContains(output, "batch of 3: [b-1, b-2, b-3]");
    assertContains(output, "nobody handled stock.counted");
    assertContains(output, "[lambda @ main] o-2 shipped with parcel post");
    assertContains(output, "[OrderAuditMiddleware @");
    assertContains(output, "order.placed o-1 handled by 4, 0 failed");
    assertContains(output, "== 15. Metrics: what the shop's bus counted in sections 0 to 9 ==");
    assertTrue(
        output.lines().anyMatch(l -> l.matches("\\s+order\\.placed\\s+5\\s+26\\s+2\\s+1\\s+0\\s.*")),
        () -> "no order.placed row with 5 published, 26 delivered (5 by the durable sales-ledger), 2"
            + " filtered, 1 failed in:\n" + output);
    assertContains(output, "did not complete within its timeout of PT0.1S");
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void theSectionsComeInOrderAndExplainTheirThreadsAndCountsBeforeUsingThem() throws Exception {
    String output = run(directory.resolve("tour.db"));

    List<Integer> sections =
        output.lines()
            .filter(line -> line.matches("== \\d+\\. .*"))
            .map(line -> Integer.parseInt(line.substring(3, line.indexOf('.'))))
            .toList();
    assertEquals(IntStream.rangeClosed(0, 16).boxed().toList(), sections, output);
    assertBefore(output, "publishing thread, here main;", "[Inventory.reserve @ main]");
    assertBefore(output, "filtered were turned away by", "== 4. A filter at work");
    assertContains(output, "[Billing.charge @ payment-gateway] charged 40.00 to ada");
    assertContains(output, "Sections 10 to 14 build buses of their own");
    assertTrue(
        output.matches("(?s).*\\[slow counter @ torematrix-eventbus-\\d+-normal-1\\].*"), output);
    assertTrue(
        output.matches("(?s).*\\[sales report @ torematrix-eventbus-\\d+-deferred-1\\].*"), output);
  }

  /**
   * Run as the README runs it, in a JVM of its own, the tour writes to standard output only. (The
   * {@code ESC[0m} that Debian's Maven 3.8 writes to standard error when it exits is Maven's.)
   */
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void theTourWritesNothingToStandardError() throws Exception {
    Path out = directory.resolve("out.txt");
    Path err = directory.resolve("err.txt");
    Process tour =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ExampleApp.class.getName(),
                directory.resolve("tour.db").toString())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    try {
      assertTrue(tour.waitFor(100, TimeUnit.SECONDS), "the tour did not end within 100 s");
    } finally {
      tour.destroyForcibly();
    }

    assertEquals(0, tour.exitValue());
    assertContains(Files.readString(out), "== 16. Closing");
    assertEquals("", Files.readString(err));
  }

  private static void assertBefore(String output, String first, String then) {
    assertContains(output, first);
    assertContains(output, then);
    assertTrue(
        output.indexOf(first) < output.indexOf(then),
        () -> "\"" + first + "\" should come before \"" + then + "\" in:\n" + output);
  }

  private static void assertContains(String output, String expected) {
    assertTrue(output.contains(expected), () -> "missing \"" + expected + "\" in:\n" + output);
  }
}
