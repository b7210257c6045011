package io.torematrix.eventbus.benchmarks;

import io.torematrix.eventbus.Cursor;
import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.ExpectedVersion;
import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.Subscription;
import io.torematrix.eventbus.annotation.DurableStart;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.EventStore;
import io.torematrix.eventbus.store.jdbc.JdbcEventStores;
import io.torematrix.eventbus.store.jdbc.PostgresOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A new durable subscription catching up with 100,000 stored events with a trivial handler: each
 * invocation subscribes a new name from the beginning and waits ({@code drain}) until it has
 * handled every event and saved its checkpoint at the head. Scores are events per second; the bar
 * is 20,000 on SQLite and on PostgreSQL. The events come from 100 appends of 1,000; PostgreSQL as
 * in {@link StoreAppendBenchmark}, in its schema.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class DurableCatchUpBenchmark {
  static final int STORED = 100_000;
  static final int APPEND = 1_000;

  @Param({"sqlite", "postgres"})
  public String database;

  EventBus bus;
  Path directory;
  final LongAdder handled = new LongAdder();
  int subscriptions;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    EventStore store;
    if (database.equals("sqlite")) {
      directory = TrialDirectory.create();
      store = JdbcEventStores.sqlite(directory.resolve("events.db"));
    } else {
      StoreAppendBenchmark.dropSchema();
      store =
          JdbcEventStores.postgres(StoreAppendBenchmark.POSTGRES, PostgresOptions.defaults().schema(StoreAppendBenchmark.SCHEMA));
    }
    storeTicks(store, STORED);
    if (database.equals("postgres")) {
      // as autovacuum would, soon after: the planner's statistics for 100,000 new rows
      try (Connection connection = DriverManager.getConnection(StoreAppendBenchmark.POSTGRES);
          Statement statement = connection.createStatement()) {
        statement.execute("ANALYZE " + StoreAppendBenchmark.SCHEMA + ".eventbus_events");
      }
    }
    bus = EventBus.builder().store(store).build();
  }

  /**
   * Appends {@code count} {@link Tick} records in appends of {@value #APPEND}, and waits until a
   * read shows them all (on PostgreSQL, until no older transaction of the server hides them).
   */
  static void storeTicks(EventStore store, int count) throws InterruptedException {
    Instant now = Instant.now();
    Cursor last = Cursor.START;
    for (int batch = 0; batch < count / APPEND; batch++) {
      List<EventRecord> records = new ArrayList<>(APPEND);
      for (int i = 0; i < APPEND; i++) {
        UUID id = UUID.randomUUID();
        records.add(
            new EventRecord(
                0, id, null, 0, "bench.tick", 1, "bench.tick", now, id, null, Map.of(), StoreAppendBenchmark.PAYLOAD));
      }
      List<EventRecord> stored = store.append(null, ExpectedVersion.any(), records);
      last = stored.get(stored.size() - 1).cursor();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (last.isAfter(store.head())) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("the stored events did not become visible within 60 s");
      }
      Thread.sleep(10);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    try {
      bus.close();
    } finally {
      if (database.equals("postgres")) {
        StoreAppendBenchmark.dropSchema();
      } else {
        TrialDirectory.delete(directory);
      }
    }
  }

  /** A new subscription from the beginning, until it handled all 100,000 and checkpointed the head. */
  @Benchmark
  @OperationsPerInvocation(STORED)
  public long catchUp() throws InterruptedException {
    handled.reset();
    Subscription subscription =
        bus.subscribe(
            Tick.class,
            tick -> handled.increment(),
            SubscribeOptions.<Tick>defaults().durable("bench-catch-up-" + ++subscriptions).startAt(DurableStart.BEGINNING));
    try {
      if (!bus.drain(Duration.ofMinutes(5)) || handled.sum() != STORED) {
        throw new IllegalStateException("caught up with " + handled.sum() + " of " + STORED + " events");
      }
      return handled.sum();
    } finally {
      subscription.close();
    }
  }
}
