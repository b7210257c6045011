package io.torematrix.eventbus.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.Cursor;
import io.torematrix.eventbus.LeaseLostException;
import io.torematrix.eventbus.spi.EventStore;
import io.torematrix.eventbus.spi.Lease;
import io.torematrix.eventbus.spi.SubscriptionStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two stores on one database, each with its own connections, as two processes would have: their
 * owners race for one durable subscription many times, and never both hold it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LeaseRaceTest {
  static final String NAME = "race";
  static final int OWNERS_PER_STORE = 3;
  static final int ROUNDS = 40;

  @TempDir Path directory;

  @Test
  void twoSqliteStoresOnOneFileNeverBothHoldALease() throws Exception {
    Path file = directory.resolve("events.db");
    try (EventStore one = JdbcEventStores.sqlite(file);
        EventStore two = JdbcEventStores.sqlite(file)) {
      race(one, two);
      expiring(one, two);
    }
  }

  @Test
  void twoPostgresStoresOnOneDatabaseNeverBothHoldALease() throws Exception {
    String schema = PostgresSupport.newSchema();
    try (EventStore one = JdbcEventStores.postgres(PostgresSupport.URL, PostgresOptions.defaults().schema(schema));
        EventStore two = JdbcEventStores.postgres(PostgresSupport.URL, PostgresOptions.defaults().schema(schema))) {
      race(one, two);
      expiring(one, two);
    } finally {
      PostgresSupport.dropSchema(schema);
    }
  }

  /**
   * Owners take the lease, mark themselves as the holder, save a checkpoint, unmark and release;
   * an owner that finds another marked while it holds the lease has shown two holders at once.
   * Every taking after a release is a change of holder, so the epochs count the takings.
   */
  private static void race(EventStore one, EventStore two) throws Exception {
    AtomicReference<String> holder = new AtomicReference<>();
    List<String> overlaps = new ArrayList<>();
    Map<Long, String> epochs = new ConcurrentHashMap<>();
    AtomicInteger taken = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2 * OWNERS_PER_STORE);
    try {
      List<Future<?>> owners = new ArrayList<>();
      for (int i = 0; i < 2 * OWNERS_PER_STORE; i++) {
        SubscriptionStore store = (i % 2 == 0 ? one : two).subscriptions();
        String owner = (i % 2 == 0 ? "one-" : "two-") + i;
        owners.add(
            pool.submit(
                () -> {
                  go.await();
                  for (int round = 0; round < ROUNDS; round++) {
                    Optional<Lease> lease = store.acquire(NAME, owner, Duration.ofSeconds(60), Cursor.START);
                    if (lease.isEmpty()) {
                      Thread.onSpinWait();
                      continue;
                    }
                    if (!holder.compareAndSet(null, owner)) {
                      synchronized (overlaps) {
                        overlaps.add(owner + " took the lease while " + holder.get() + " held it");
                      }
                    }
                    String previous = epochs.put(lease.get().epoch(), owner);
                    if (previous != null) {
                      synchronized (overlaps) {
                        overlaps.add(owner + " and " + previous + " both got epoch " + lease.get().epoch());
                      }
                    }
                    store.checkpoint(lease.get(), Cursor.ofPosition(taken.incrementAndGet()));
                    holder.compareAndSet(owner, null);
                    store.release(lease.get());
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> owner : owners) {
        owner.get(90, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(List.of(), overlaps);
    assertTrue(taken.get() >= 2 * OWNERS_PER_STORE, "owners took the lease " + taken.get() + " times");
    assertEquals(taken.get(), epochs.size(), "one epoch per taking");
    assertEquals(Cursor.ofPosition(taken.get()), one.subscriptions().states().get(0).checkpoint());
  }

  /**
   * Holders that stop renewing: their leases expire and are taken over; every checkpoint the
   * former holder tries afterwards is refused, and no epoch is ever held by two owners.
   */
  private static void expiring(EventStore one, EventStore two) throws Exception {
    String name = "expiring";
    Map<Long, String> epochs = new ConcurrentHashMap<>();
    List<String> problems = new ArrayList<>();
    AtomicInteger refused = new AtomicInteger();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> owners = new ArrayList<>();
      for (EventStore store : List.of(one, two)) {
        String owner = store == one ? "one" : "two";
        owners.add(
            pool.submit(
                () -> {
                  while (System.nanoTime() < deadline) {
                    Optional<Lease> lease =
                        store.subscriptions().acquire(name, owner, Duration.ofMillis(150), Cursor.START);
                    if (lease.isEmpty()) {
                      Thread.sleep(5);
                      continue;
                    }
                    String previous = epochs.putIfAbsent(lease.get().epoch(), owner);
                    if (previous != null && !previous.equals(owner)) {
                      synchronized (problems) {
                        problems.add(owner + " and " + previous + " both got epoch " + lease.get().epoch());
                      }
                    }
                    // hold on, without renewing, until the lease is lost
                    for (int i = 0; ; i++) {
                      Thread.sleep(40);
                      try {
                        store.subscriptions().checkpoint(lease.get(), Cursor.ofPosition(i));
                      } catch (LeaseLostException lost) {
                        refused.incrementAndGet();
                        break;
                      }
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> owner : owners) {
        owner.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(List.of(), problems);
    assertTrue(epochs.size() >= 4, "the lease changed hands " + epochs.size() + " times");
    assertTrue(refused.get() >= 3, refused.get() + " checkpoints refused");
  }
}
