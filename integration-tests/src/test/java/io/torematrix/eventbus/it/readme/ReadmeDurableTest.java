package io.torematrix.eventbus.it.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.torematrix.eventbus.DurableSubscriptionStatus;
import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.spi.ParkedEvent;
import io.torematrix.eventbus.store.jdbc.JdbcEventStores;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's durable subscription runs as written, and resumes in a second bus on the file. */
class ReadmeDurableTest {
  @TempDir Path directory;

  @Test
  void durableExampleRunsAsWrittenAndResumesOnTheSameFile() throws Exception {
    Path shop = directory.resolve("shop.db");
    OrderTotals first;
    try (EventBus bus = EventBus.builder().store(JdbcEventStores.sqlite(shop)).build()) {
      OrderTotals totals = new OrderTotals();
      bus.register(totals);                                         // its worker thread starts
      bus.publish(new OrderPlaced("o-1", new BigDecimal("40.00")));
      bus.drain(Duration.ofSeconds(5));                             // waits for durable subscriptions too
      for (DurableSubscriptionStatus s : bus.durable().status()) {
        System.out.println(s.name() + " at " + s.checkpoint() + ", " + s.lag() + " behind, "
            + s.parked() + " parked, held by " + s.owner().orElse("nobody"));
      }
      for (ParkedEvent parked : bus.durable().parked("order-totals", 100)) {
        System.out.println(parked.record().eventId() + " failed " + parked.attempts() + " times: "
            + parked.error());
        bus.durable().retry("order-totals", parked.record().eventId());   // or discard(...)
      }
      first = totals;
      assertEquals(0, bus.durable().status("order-totals").orElseThrow().lag());
    }                                                               // saves the checkpoint, releases the lease
    assertEquals(Map.of("o-1", new BigDecimal("40.00")), first.byOrder);

    try (EventBus bus = EventBus.builder().store(JdbcEventStores.sqlite(shop)).build()) {
      bus.publish(new OrderPlaced("o-2", new BigDecimal("7.50"))).toCompletableFuture().join();
      OrderTotals second = new OrderTotals();
      bus.register(second);
      bus.drain(Duration.ofSeconds(30));
      assertEquals(Map.of("o-2", new BigDecimal("7.50")), second.byOrder, "it resumed after o-1");
      assertEquals(List.of(), bus.durable().parked("order-totals", 100));
    }
  }
}
