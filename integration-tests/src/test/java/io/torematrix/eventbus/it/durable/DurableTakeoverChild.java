package io.torematrix.eventbus.it.durable;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.annotation.DurableStart;
import io.torematrix.eventbus.annotation.Subscribe;
import io.torematrix.eventbus.store.jdbc.JdbcEventStores;
import io.torematrix.eventbus.store.jdbc.PostgresOptions;
import java.time.Duration;

/**
 * Run in a child JVM by {@link DurableTakeoverTest}: a bus on a PostgreSQL schema with the durable
 * subscription {@code takeover} from the beginning, whose handler prints {@code HANDLED <event id>}
 * for each event; it prints {@code HOLDER} once it holds the lease. Arguments: the JDBC URL, the
 * schema, the lease timeout in milliseconds. Runs until killed.
 */
public final class DurableTakeoverChild {
  private DurableTakeoverChild() {}

  /** The durable handler. */
  static final class Handler {
    @Subscribe(durable = "takeover", startAt = DurableStart.BEGINNING)
    void handle(Item.Added added, EventContext context) {
      print("HANDLED " + context.eventId());
    }
  }

  public static void main(String[] args) throws Exception {
    EventBus bus =
        EventBus.builder()
            .store(JdbcEventStores.postgres(args[0], PostgresOptions.defaults().schema(args[1])))
            .durableLeaseTimeout(Duration.ofMillis(Long.parseLong(args[2])))
            .durablePollInterval(Duration.ofMillis(50))
            .build();
    bus.register(new Handler());
    print("SUBSCRIBED");
    while (!bus.durable().status("takeover").orElseThrow().runningHere()) {
      Thread.sleep(20);
    }
    print("HOLDER");
    Thread.sleep(Long.MAX_VALUE);
  }

  private static void print(String line) {
    synchronized (System.out) {
      System.out.println(line);
      System.out.flush();
    }
  }
}
