package io.torematrix.eventbus.it.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.DurableSubscriptions;
import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.EventStore;
import io.torematrix.eventbus.store.jdbc.JdbcEventStores;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A durable subscription on a SQLite file survives crashes: a child JVM publishing and handling
 * events is killed with SIGKILL at a random point five times, then runs to the head once more.
 * Every stored event was handled; first deliveries came in store order; and each restart delivered
 * again at most {@link DurableSubscriptions#CHECKPOINT_EVERY_EVENTS} events handled before the kill.
 */
class DurableCrashTest {
  private static final Pattern EVENT_ID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final int KILLS = 5;
  private static final int EVENTS_PER_RUN = 400;

  @TempDir Path directory;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void everyStoredEventIsHandledInStoreOrderWithBoundedRedeliveriesAcrossFiveKills() throws Exception {
    Path database = directory.resolve("events.db");
    Path log = directory.resolve("handled.log");
    long seed = System.nanoTime();
    Random random = new Random(seed);
    for (int run = 1; run <= KILLS; run++) {
      Process child = start(database, log, run, "kill");
      try {
        awaitLine(child, "READY");
        Thread.sleep(random.nextInt(1200));
      } finally {
        child.destroyForcibly();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child was killed");
      }
    }
    Process last = start(database, log, KILLS + 1, "finish");
    try {
      awaitLine(last, "DONE");
      assertTrue(last.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, last.exitValue());
    } finally {
      last.destroyForcibly();
    }

    List<UUID> stored = new ArrayList<>();
    try (EventStore store = JdbcEventStores.sqlite(database)) {
      for (EventRecord record : store.read(EventQuery.all().types("durable-test.item-added"))) {
        stored.add(record.eventId());
      }
    }
    List<List<UUID>> runs = runs(Files.readAllLines(log, StandardCharsets.UTF_8));
    String context = "seed " + seed + ", deliveries per run " + runs.stream().map(List::size).toList();

    Set<UUID> firstDeliveries = new LinkedHashSet<>();
    runs.forEach(firstDeliveries::addAll);
    assertEquals(stored, List.copyOf(firstDeliveries), "every stored event handled, first in store order; " + context);
    Set<UUID> before = new HashSet<>();
    List<Long> redelivered = new ArrayList<>();
    for (int run = 0; run < runs.size(); run++) {
      List<UUID> delivered = runs.get(run);
      assertEquals(delivered.size(), new HashSet<>(delivered).size(), "no event twice within run " + (run + 1));
      long again = delivered.stream().filter(before::contains).count();
      assertTrue(
          again <= DurableSubscriptions.CHECKPOINT_EVERY_EVENTS,
          "run " + (run + 1) + " delivered " + again + " events again; " + context);
      redelivered.add(again);
      before.addAll(delivered);
    }
    System.out.println(
        "DurableCrashTest: " + stored.size() + " events stored and handled; " + context
            + ", delivered again per run " + redelivered);
    assertTrue(stored.size() >= EVENTS_PER_RUN, "the last run alone stores " + EVENTS_PER_RUN + "; " + context);
  }

  /** The event ids each run logged, in order; a line torn by a kill is left out. */
  private static List<List<UUID>> runs(List<String> lines) {
    List<List<UUID>> runs = new ArrayList<>();
    for (String line : lines) {
      if (line.startsWith("RUN ")) {
        runs.add(new ArrayList<>());
      } else if (EVENT_ID.matcher(line).matches()) {
        runs.get(runs.size() - 1).add(UUID.fromString(line));
      }
    }
    return runs;
  }

  private static Process start(Path database, Path log, int run, String mode) throws Exception {
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            DurableCrashChild.class.getName(),
            database.toString(),
            log.toString(),
            Integer.toString(run),
            Integer.toString(EVENTS_PER_RUN),
            mode)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  private static void awaitLine(Process child, String expected) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.equals(expected)) {
        return;
      }
    }
    throw new AssertionError("the child ended before printing " + expected);
  }
}
