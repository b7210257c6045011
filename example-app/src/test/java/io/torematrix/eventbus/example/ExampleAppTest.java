package io.torematrix.eventbus.example;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    assertContains(output, "[OrderAuditMiddleware @");
    assertContains(output, "order.placed o-1 handled by 4, 0 failed");
    assertContains(output, "== Metrics: what the bus counted during the tour ==");
    assertTrue(
        output.lines().anyMatch(l -> l.matches("\\s+order\\.placed\\s+5\\s+26\\s+2\\s+1\\s+0\\s.*")),
        () -> "no order.placed row with 5 published, 26 delivered (5 by the durable sales-ledger), 2"
            + " filtered, 1 failed in:\n" + output);
    assertContains(output, "did not complete within its timeout of PT0.1S");
  }

  private static void assertContains(String output, String expected) {
    assertTrue(output.contains(expected), () -> "missing \"" + expected + "\" in:\n" + output);
  }
}
