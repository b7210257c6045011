package io.torematrix.eventbus.benchmarks;

import io.torematrix.eventbus.ExpectedVersion;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.EventStore;
import io.torematrix.eventbus.store.jdbc.JdbcEventStores;
import io.torematrix.eventbus.store.jdbc.PostgresOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
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
 * Appending events, 100 per transaction, through the store against the database driver's best
 * batched insert into the same table ({@code addBatch}, with {@code reWriteBatchedInserts} on
 * PostgreSQL). Scores are per event. PostgreSQL is the {@code test} database on 127.0.0.1:5432,
 * or {@code -Deventbus.postgresUrl}; the benchmark works in the schema {@value #SCHEMA}, dropped
 * before and after each run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class StoreAppendBenchmark {
  static final int BATCH = 100;
  static final String POSTGRES =
      System.getProperty("eventbus.postgresUrl", "jdbc:postgresql://127.0.0.1:5432/test?user=root");
  static final String SCHEMA = "eventbus_bench";
  static final byte[] PAYLOAD = "{\"value\":1,\"note\":\"a typical small event payload\"}".getBytes(StandardCharsets.UTF_8);

  @Param({"sqlite", "postgres"})
  public String database;

  EventStore store;
  Connection raw;
  PreparedStatement insert;
  Path directory;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    if (database.equals("sqlite")) {
      directory = TrialDirectory.create();
      Path file = directory.resolve("events.db");
      store = JdbcEventStores.sqlite(file);
      raw = DriverManager.getConnection("jdbc:sqlite:" + file);
      try (Statement statement = raw.createStatement()) {
        statement.execute("PRAGMA busy_timeout=10000");
        statement.execute("PRAGMA synchronous=NORMAL");
      }
    } else {
      dropSchema();
      store = JdbcEventStores.postgres(POSTGRES, PostgresOptions.defaults().schema(SCHEMA));
      raw = DriverManager.getConnection(POSTGRES + "&reWriteBatchedInserts=true");
    }
    raw.setAutoCommit(false);
    insert =
        raw.prepareStatement(
            "INSERT INTO "
                + (database.equals("sqlite") ? "" : SCHEMA + ".")
                + "eventbus_events (event_id, stream_id, stream_version, type_name, type_version,"
                + " topic, ts, correlation_id, causation_id, headers, payload)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  }

  static void dropSchema() throws SQLException {
    try (Connection connection = DriverManager.getConnection(POSTGRES);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws SQLException, IOException {
    try {
      try {
        insert.close();
      } finally {
        try {
          raw.close();
        } finally {
          store.close();
        }
      }
    } finally {
      if (database.equals("postgres")) {
        dropSchema();
      } else {
        TrialDirectory.delete(directory);
      }
    }
  }

  private static List<EventRecord> batch() {
    List<EventRecord> records = new ArrayList<>(BATCH);
    Instant now = Instant.now();
    for (int i = 0; i < BATCH; i++) {
      records.add(
          new EventRecord(0, UUID.randomUUID(), null, 0, "bench.tick", 1, "bench.tick", now, UUID.randomUUID(), null, Map.of(), PAYLOAD));
    }
    return records;
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public Object store() {
    return store.append(null, ExpectedVersion.any(), batch());
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int[] rawDriver() throws SQLException {
    boolean postgres = database.equals("postgres");
    for (EventRecord record : batch()) {
      insert.setObject(1, postgres ? record.eventId() : record.eventId().toString());
      insert.setString(2, null);
      insert.setLong(3, 0);
      insert.setString(4, record.typeName());
      insert.setInt(5, record.typeVersion());
      insert.setString(6, record.topic());
      insert.setLong(7, record.timestamp().getEpochSecond() * 1_000_000_000L + record.timestamp().getNano());
      insert.setObject(8, postgres ? record.correlationId() : record.correlationId().toString());
      insert.setObject(9, null);
      insert.setString(10, "{}");
      insert.setBytes(11, record.payload());
      insert.addBatch();
    }
    int[] counts = insert.executeBatch();
    raw.commit();
    return counts;
  }
}
