package io.torematrix.eventbus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.Cursor;
import io.torematrix.eventbus.spi.Lease;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The in-memory store measures lease expiry by the monotonic clock, not the wall clock. */
class InMemorySubscriptionStoreTest {
  private final AtomicLong nanos = new AtomicLong(1_000);
  private Instant wall = Instant.parse("2026-11-30T12:00:00Z");
  private final Clock wallClock =
      new Clock() {
        @Override
        public java.time.ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return wall;
        }
      };
  private final InMemorySubscriptionStore store =
      new InMemorySubscriptionStore(() -> {}, wallClock, nanos::get);

  @Test
  void aWallClockJumpForwardDoesNotExpireALiveLease() {
    Lease lease = store.acquire("s", "holder", Duration.ofSeconds(10), Cursor.START).orElseThrow();
    wall = wall.plus(Duration.ofHours(1));
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());

    assertTrue(store.acquire("s", "intruder", Duration.ofSeconds(10), Cursor.START).isEmpty());
    assertTrue(store.renew(lease, Duration.ofSeconds(10)).isPresent(), "still the holder's");
  }

  @Test
  void aWallClockJumpBackDoesNotKeepALapsedLease() {
    store.acquire("s", "holder", Duration.ofSeconds(10), Cursor.START).orElseThrow();
    wall = wall.minus(Duration.ofHours(1));
    nanos.addAndGet(Duration.ofSeconds(11).toNanos());

    Lease taken = store.acquire("s", "intruder", Duration.ofSeconds(10), Cursor.START).orElseThrow();
    assertEquals(2, taken.epoch());
    assertEquals(wall.plus(Duration.ofSeconds(10)), taken.expiresAt(), "reported by the wall clock");
  }
}
