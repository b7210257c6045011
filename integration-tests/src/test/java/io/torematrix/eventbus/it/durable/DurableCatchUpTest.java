package io.torematrix.eventbus.it.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.DurableSubscriptionStatus;
import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.ExpectedVersion;
import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.annotation.DurableStart;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.EventStore;
import io.torematrix.eventbus.store.jdbc.JdbcEventStores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A new durable subscription catches up with 100,000 events stored in a SQLite file. */
class DurableCatchUpTest {
  private static final int EVENTS = 100_000;

  @TempDir Path directory;

  /** The records of {@code Item.Added} events numbered {@code from} to {@code to}, as the JSON codec writes them. */
  static List<EventRecord> records(int from, int to) {
    List<EventRecord> records = new ArrayList<>();
    Instant now = Instant.now();
    for (int i = from; i <= to; i++) {
      UUID id = UUID.randomUUID();
      records.add(
          new EventRecord(
              0,
              id,
              null,
              0,
              "durable-test.item-added",
              1,
              "items.added",
              now,
              id,
              null,
              Map.of(),
              ("{\"list\":\"stored\",\"number\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
    }
    return records;
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aSubscriptionFromTheBeginningDeliversEveryOneOfTheStoredEventsInOrder() throws Exception {
    Path file = directory.resolve("catch-up.db");
    try (EventStore store = JdbcEventStores.sqlite(file)) {
      for (int from = 1; from <= EVENTS; from += 1000) {
        store.append(null, ExpectedVersion.any(), records(from, from + 999));
      }
    }
    try (EventBus bus = EventBus.builder().store(JdbcEventStores.sqlite(file)).build()) {
      int[] next = {1};
      List<String> outOfOrder = new ArrayList<>();
      long start = System.nanoTime();
      bus.subscribe(
          Item.Added.class,
          added -> {
            if (added.number() != next[0] && outOfOrder.size() < 10) {
              outOfOrder.add("expected " + next[0] + ", got " + added.number());
            }
            next[0] = added.number() + 1;
          },
          SubscribeOptions.<Item.Added>defaults().durable("catch-up").startAt(DurableStart.BEGINNING));
      assertTrue(bus.drain(Duration.ofMinutes(4)), "caught up within four minutes");
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

      assertEquals(List.of(), outOfOrder);
      assertEquals(EVENTS + 1, next[0], "every stored event, each once");
      DurableSubscriptionStatus status = bus.durable().status("catch-up").orElseThrow();
      assertEquals(0, status.lag());
      assertEquals(EVENTS, status.checkpoint().position());
      System.out.println(
          "DurableCatchUpTest: " + EVENTS + " stored events delivered in " + millis + " ms ("
              + (EVENTS * 1000L / Math.max(1, millis)) + " events/s; not a benchmark)");
    }
  }
}
