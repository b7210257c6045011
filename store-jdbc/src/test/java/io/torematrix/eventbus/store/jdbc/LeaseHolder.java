package io.torematrix.eventbus.store.jdbc;

import io.torematrix.eventbus.Cursor;
import io.torematrix.eventbus.spi.EventStore;
import io.torematrix.eventbus.spi.Lease;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A process that holds a durable subscription's lease on a SQLite file and keeps it, renewing it
 * every third of its time to live, until it is killed. Prints {@code HOLDING <epoch>} once it holds
 * the lease and has saved checkpoint 42, then {@code RENEWED} at each renewal. Run by {@link
 * LeaseHolderKillTest}.
 */
public final class LeaseHolder {
  private LeaseHolder() {}

  /** Arguments: the file, the subscription, the owner, the time to live in milliseconds. */
  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    String subscription = args[1];
    String owner = args[2];
    Duration ttl = Duration.ofMillis(Long.parseLong(args[3]));
    EventStore store = JdbcEventStores.sqlite(file);
    Optional<Lease> lease = Optional.empty();
    while (lease.isEmpty()) {
      lease = store.subscriptions().acquire(subscription, owner, ttl, Cursor.START);
      Thread.sleep(ttl.toMillis() / 3);
    }
    store.subscriptions().checkpoint(lease.get(), Cursor.ofPosition(42));
    System.out.println("HOLDING " + lease.get().epoch());
    System.out.flush();
    while (true) {
      Thread.sleep(ttl.toMillis() / 3);
      lease = store.subscriptions().renew(lease.get(), ttl);
      if (lease.isEmpty()) {
        System.out.println("LOST");
        System.out.flush();
        return;
      }
      System.out.println("RENEWED");
      System.out.flush();
    }
  }
}
