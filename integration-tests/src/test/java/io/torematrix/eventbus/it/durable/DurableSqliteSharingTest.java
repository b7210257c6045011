package io.torematrix.eventbus.it.durable;

import static io.torematrix.eventbus.it.durable.DurableFailureTest.publish;
import static io.torematrix.eventbus.it.durable.DurableFailureTest.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.store.jdbc.JdbcEventStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two buses on one SQLite file, each with a store of its own, as two processes would have: one
 * delivers the shared durable subscription, finding the other's events by polling, and the other
 * takes over when it closes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DurableSqliteSharingTest {
  @TempDir Path directory;

  private EventBus bus(Path file) {
    return EventBus.builder()
        .store(JdbcEventStores.sqlite(file))
        .durableLeaseTimeout(Duration.ofMillis(500))
        .durablePollInterval(Duration.ofMillis(20))
        .build();
  }

  @Test
  void theHolderFindsEventsTheOtherStoresAndTheOtherTakesOverWhenItCloses() throws Exception {
    Path file = directory.resolve("shared.db");
    List<Integer> firstSaw = new CopyOnWriteArrayList<>();
    List<Integer> secondSaw = new CopyOnWriteArrayList<>();
    try (EventBus second = bus(file)) {
      EventBus first = bus(file);
      try {
        first.subscribe(Item.Added.class, added -> firstSaw.add(added.number()), SubscribeOptions.defaults().durable("shared"));
        waitUntil(() -> first.durable().status("shared").orElseThrow().runningHere());
        second.subscribe(Item.Added.class, added -> secondSaw.add(added.number()), SubscribeOptions.defaults().durable("shared"));
        publish(second, 1, 20);
        waitUntil(() -> firstSaw.size() == 20);
        assertFalse(second.durable().status("shared").orElseThrow().runningHere());
      } finally {
        first.close();
      }
      publish(second, 21, 30);
      waitUntil(() -> second.durable().status("shared").orElseThrow().runningHere());
      assertTrue(second.drain(Duration.ofSeconds(30)));
    }
    List<Integer> expected = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      expected.add(i);
    }
    assertEquals(expected, firstSaw);
    assertEquals(List.of(21, 22, 23, 24, 25, 26, 27, 28, 29, 30), secondSaw, "after the first's checkpoint");
  }
}
