package io.torematrix.eventbus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class EventIdsTest {

  @Test
  void idsAreVersion7WithTheCurrentTime() {
    long before = System.currentTimeMillis();
    UUID id = new EventIds().next();
    long after = System.currentTimeMillis();
    assertEquals(7, id.version());
    assertEquals(2, id.variant());
    long millis = id.getMostSignificantBits() >>> 16; // the 48-bit timestamp of a version 7 id
    assertTrue(millis >= before && millis <= after + 1, "timestamp " + millis);
  }

  @Test
  void aGeneratorKnowsItsOwnIdsFromAnothers() {
    EventIds mine = new EventIds();
    EventIds theirs = new EventIds();
    assertTrue(mine.issued(mine.next()));
    assertTrue(mine.issued(mine.next(0)));
    assertFalse(mine.issued(theirs.next()));
    assertFalse(mine.issued(UUID.randomUUID()));
  }

  @Test
  void idsFromOneGeneratorStrictlyIncreaseEvenWithinAMillisecond() {
    EventIds ids = new EventIds();
    UUID previous = ids.next();
    for (int i = 0; i < 100_000; i++) {
      UUID next = ids.next();
      assertTrue(next.compareTo(previous) > 0 || unsignedGreater(next, previous), next + " after " + previous);
      previous = next;
    }
  }

  @Test
  void anIdReservedEarlierIsSmallerWhenItIsMadeLater() {
    EventIds ids = new EventIds();
    long millis = System.currentTimeMillis();
    long first = ids.reserve(millis);
    UUID between = ids.next(millis);
    long last = ids.reserve(millis);

    UUID made = ids.id(last);
    UUID madeLater = ids.id(first);

    assertTrue(unsignedGreater(between, madeLater), "reserved before, smaller though made after");
    assertTrue(unsignedGreater(made, between));
    assertEquals(7, madeLater.version());
    assertTrue(ids.issued(madeLater));
    assertEquals(madeLater, ids.id(first), "the same reservation makes the same id");
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void idsAreUniqueAcrossThreads() throws InterruptedException {
    EventIds ids = new EventIds();
    ConcurrentLinkedQueue<UUID> all = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    for (int t = 0; t < 4; t++) {
      pool.execute(
          () -> {
            List<UUID> mine = new ArrayList<>();
            for (int i = 0; i < 50_000; i++) {
              mine.add(ids.next());
            }
            all.addAll(mine);
          });
    }
    pool.shutdown();
    assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS));
    Set<UUID> unique = new HashSet<>(all);
    assertEquals(200_000, unique.size());
  }

  /** UUID.compareTo compares signed longs; ids are ordered as unsigned 128-bit numbers. */
  private static boolean unsignedGreater(UUID a, UUID b) {
    int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
    return high > 0
        || (high == 0
            && Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits()) > 0);
  }
}
