package io.torematrix.eventbus.benchmarks;

import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.ExpectedVersion;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.EventStore;
import io.torematrix.eventbus.store.jdbc.JdbcEventStores;
import io.torematrix.eventbus.store.jdbc.PostgresOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
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
 * Reading stored events through the store, a page of 100 at a time from positions spread over
 * 10,000 stored events, as a catch-up or replay reads them. Scores are per event. PostgreSQL as in
 * {@link StoreAppendBenchmark}, in its schema.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class StoreReadBenchmark {
  static final int PAGE = 100;
  static final int STORED = 10_000;

  @Param({"sqlite", "postgres"})
  public String database;

  EventStore store;
  Path directory;
  long after;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    if (database.equals("sqlite")) {
      directory = Files.createTempDirectory("eventbus-bench");
      store = JdbcEventStores.sqlite(directory.resolve("events.db"));
    } else {
      StoreAppendBenchmark.dropSchema();
      store =
          JdbcEventStores.postgres(StoreAppendBenchmark.POSTGRES, PostgresOptions.defaults().schema(StoreAppendBenchmark.SCHEMA));
    }
    Instant now = Instant.now();
    for (int batch = 0; batch < STORED / PAGE; batch++) {
      List<EventRecord> records = new ArrayList<>(PAGE);
      for (int i = 0; i < PAGE; i++) {
        records.add(
            new EventRecord(
                0, UUID.randomUUID(), null, 0, "bench.tick", 1, "bench.tick", now, UUID.randomUUID(), null,
                Map.of("tenant", "acme"), StoreAppendBenchmark.PAYLOAD));
      }
      store.append(null, ExpectedVersion.any(), records);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws SQLException {
    store.close();
    if (database.equals("postgres")) {
      StoreAppendBenchmark.dropSchema();
    }
  }

  @Benchmark
  @OperationsPerInvocation(PAGE)
  public List<EventRecord> readPage() {
    List<EventRecord> page = store.read(EventQuery.all().afterPosition(after).limit(PAGE));
    after = after + PAGE >= STORED ? 0 : after + PAGE;
    return page;
  }
}
