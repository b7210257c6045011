package io.torematrix.eventbus.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.Cursor;
import io.torematrix.eventbus.spi.EventStore;
import io.torematrix.eventbus.spi.Lease;
import io.torematrix.eventbus.spi.SubscriptionState;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM holds a lease on a SQLite file and is killed with SIGKILL: nobody takes the lease
 * while the child renews it, and this process takes it over once it expires, under the next epoch,
 * resuming from the child's checkpoint.
 */
class LeaseHolderKillTest {
  static final long TTL_MILLIS = 1500;

  @TempDir Path directory;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aKilledHoldersLeaseIsTakenOverAfterItExpires() throws Exception {
    Path file = directory.resolve("events.db");
    JdbcEventStores.sqlite(file).close(); // the schema, before two processes open the file
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LeaseHolder.class.getName(),
                file.toString(),
                "projection",
                "child",
                String.valueOf(TTL_MILLIS))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try (EventStore store = JdbcEventStores.sqlite(file);
        BufferedReader out =
            new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String holding = out.readLine();
      assertTrue(holding != null && holding.startsWith("HOLDING "), "the child took the lease: " + holding);
      long childEpoch = Long.parseLong(holding.substring("HOLDING ".length()));

      // while the child renews, its lease stays taken for longer than its time to live
      Instant watchUntil = Instant.now().plusMillis(2 * TTL_MILLIS);
      int renewals = 0;
      while (Instant.now().isBefore(watchUntil)) {
        assertEquals(
            Optional.empty(),
            store.subscriptions().acquire("projection", "parent", Duration.ofMillis(TTL_MILLIS), Cursor.START),
            "the child holds the lease");
        String line = out.readLine();
        assertEquals("RENEWED", line);
        renewals++;
      }
      assertTrue(renewals >= 3, renewals + " renewals");

      child.destroyForcibly(); // SIGKILL: no release, no last words
      assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child was killed");
      SubscriptionState left = store.subscriptions().states().get(0);
      assertEquals(Optional.of("child"), left.owner(), "a killed holder releases nothing");
      Instant expiry = left.leaseExpiresAt().orElseThrow();

      Optional<Lease> taken = Optional.empty();
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TTL_MILLIS + 10_000);
      while (taken.isEmpty() && System.nanoTime() < deadline) {
        taken = store.subscriptions().acquire("projection", "parent", Duration.ofMinutes(1), Cursor.START);
        if (taken.isEmpty()) {
          Thread.sleep(20);
        }
      }
      Instant takenAt = Instant.now();

      assertTrue(taken.isPresent(), "the parent took the lease over");
      assertTrue(!takenAt.isBefore(expiry), "not before the child's lease expired at " + expiry + ": " + takenAt);
      assertEquals(childEpoch + 1, taken.get().epoch());
      assertEquals(Cursor.ofPosition(42), taken.get().checkpoint(), "it resumes from the child's checkpoint");
    } finally {
      child.destroyForcibly();
    }
  }
}
