package io.torematrix.eventbus.benchmarks;

import io.torematrix.eventbus.Cursor;
import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.ExpectedVersion;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.EventStore;
import io.torematrix.eventbus.store.jdbc.JdbcEventStores;
import io.torematrix.eventbus.store.jdbc.PostgresOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
 * Reading stored events back through the store by cursor, as a durable subscription catches up:
 * 100,000 stored events, pages of 500, each page read {@code after} the cursor of the last event
 * of the one before. Scores are events per second. {@code catchUp} reads all 100,000 from the
 * beginning; {@code readPage} reads one page at a time, moving through the store and starting
 * over at its end. On PostgreSQL each page is {@code (tx_id, position) > (?, ?)} under the
 * visibility rule, ordered by both (the store's index); the events come from 100 appends of 1,000,
 * so 100 transactions. PostgreSQL as in {@link StoreAppendBenchmark}, in its schema.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class StoreReadBenchmark {
  static final int PAGE = 500;
  static final int STORED = 100_000;
  static final int APPEND = 1_000;

  @Param({"sqlite", "postgres"})
  public String database;

  EventStore store;
  Path directory;
  Cursor after = Cursor.START;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    if (database.equals("sqlite")) {
      directory = TrialDirectory.create();
      store = JdbcEventStores.sqlite(directory.resolve("events.db"));
    } else {
      StoreAppendBenchmark.dropSchema();
      store =
          JdbcEventStores.postgres(StoreAppendBenchmark.POSTGRES, PostgresOptions.defaults().schema(StoreAppendBenchmark.SCHEMA));
    }
    Instant now = Instant.now();
    Cursor last = Cursor.START;
    for (int batch = 0; batch < STORED / APPEND; batch++) {
      List<EventRecord> records = new ArrayList<>(APPEND);
      for (int i = 0; i < APPEND; i++) {
        records.add(
            new EventRecord(
                0, UUID.randomUUID(), null, 0, "bench.tick", 1, "bench.tick", now, UUID.randomUUID(), null,
                Map.of("tenant", "acme"), StoreAppendBenchmark.PAYLOAD));
      }
      List<EventRecord> stored = store.append(null, ExpectedVersion.any(), records);
      last = stored.get(stored.size() - 1).cursor();
    }
    if (database.equals("postgres")) {
      // as autovacuum would, soon after: the planner's statistics for 100,000 new rows
      try (Connection connection = DriverManager.getConnection(StoreAppendBenchmark.POSTGRES);
          Statement statement = connection.createStatement()) {
        statement.execute("ANALYZE " + StoreAppendBenchmark.SCHEMA + ".eventbus_events");
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (last.isAfter(store.head())) { // PostgreSQL: until no older transaction hides them
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("the stored events did not become visible within 60 s");
      }
      Thread.sleep(10);
    }
    if (catchUp() != STORED) {
      throw new IllegalStateException("a catch-up did not read the " + STORED + " stored events");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws SQLException, IOException {
    try {
      store.close();
    } finally {
      if (database.equals("postgres")) {
        StoreAppendBenchmark.dropSchema();
      } else {
        TrialDirectory.delete(directory);
      }
    }
  }

  /** One page after the last one read; after the last page, the first again. */
  @Benchmark
  @OperationsPerInvocation(PAGE)
  public List<EventRecord> readPage() {
    List<EventRecord> page = store.read(EventQuery.all().after(after).limit(PAGE));
    after = page.size() < PAGE ? Cursor.START : page.get(page.size() - 1).cursor();
    return page;
  }

  /** Every stored event, from the beginning, page by page. */
  @Benchmark
  @OperationsPerInvocation(STORED)
  public long catchUp() {
    long read = 0;
    Cursor cursor = Cursor.START;
    while (true) {
      List<EventRecord> page = store.read(EventQuery.all().after(cursor).limit(PAGE));
      read += page.size();
      if (page.size() < PAGE) {
        return read;
      }
      cursor = page.get(page.size() - 1).cursor();
    }
  }
}
