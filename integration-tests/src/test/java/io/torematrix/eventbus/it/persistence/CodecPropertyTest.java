package io.torematrix.eventbus.it.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.EventStoreException;
import io.torematrix.eventbus.EventStores;
import io.torematrix.eventbus.ExpectedVersion;
import io.torematrix.eventbus.PublishOptions;
import io.torematrix.eventbus.StoredEvent;
import io.torematrix.eventbus.codec.JsonEventCodec;
import io.torematrix.eventbus.spi.EventStore;
import io.torematrix.eventbus.spi.EventTypeInfo;
import io.torematrix.eventbus.store.jdbc.JdbcEventStores;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the codec writes, it reads back equal, or the write fails: over random events holding every
 * supported property kind, with the edge values ({@link RandomEvents}).
 *
 * <p>Equality is the record's: {@code double} and {@code float} components compare with {@code
 * Double.compare} and {@code Float.compare}, boxed ones with {@code equals}, so -0.0 differs from
 * 0.0 and only NaN payload bits may change. A {@code null} {@code Optional}, which reads back
 * empty, is never generated: {@code CodecRoundTripTest} pins that exception down.
 *
 * <p>Repeatable: the seed is printed, and {@code -Deventbus.codecSeed=<seed>} replays a run.
 * Bounded: a fixed number of events, each of bounded size.
 */
class CodecPropertyTest {
  private static final int DIRECT_SAMPLES = 2_000;
  private static final int STORE_SAMPLES = 150;
  private static final String POSTGRES =
      System.getProperty("eventbus.postgresUrl", "jdbc:postgresql://127.0.0.1:5432/test?user=root");

  private static final EventTypeInfo EVERY_KIND =
      EventTypeInfo.of(EveryKind.class, "every.kind", 1, "every.kind").json(EveryKind_JsonAdapter.INSTANCE);

  private static long seed;

  @TempDir Path directory;

  @BeforeAll
  static void chooseSeed() {
    seed = Long.getLong("eventbus.codecSeed", new SecureRandom().nextLong());
    System.out.println("CodecPropertyTest seed " + seed + " (replay with -Deventbus.codecSeed=" + seed + ")");
  }

  private static String replay(int sample) {
    return "sample " + sample + " of seed " + seed + " (replay with -Deventbus.codecSeed=" + seed + ")";
  }

  @Test
  void everyEventTheCodecWritesDecodesEqualAndEveryOtherIsRefusedWithTheLimit() {
    JsonEventCodec codec = new JsonEventCodec(List.of());
    RandomEvents events = new RandomEvents(seed);
    int written = 0;
    for (int sample = 0; sample < DIRECT_SAMPLES; sample++) {
      EveryKind event = events.next();
      if (RandomEvents.writable(event)) {
        byte[] payload;
        try {
          payload = codec.encode(event, EVERY_KIND);
        } catch (RuntimeException e) {
          throw new AssertionError("could not encode " + replay(sample) + ": " + e.getMessage(), e);
        }
        Object decoded;
        try {
          decoded = codec.decode(payload, 1, EVERY_KIND);
        } catch (RuntimeException e) {
          throw new AssertionError("could not decode what was encoded, " + replay(sample) + ": " + e.getMessage(), e);
        }
        assertEquals(event, decoded, replay(sample));
        written++;
      } else {
        IllegalArgumentException e =
            assertThrows(IllegalArgumentException.class, () -> codec.encode(event, EVERY_KIND), replay(sample));
        String message = e.getMessage();
        assertTrue(
            message.startsWith(
                    "cannot write this io.torematrix.eventbus.it.persistence.EveryKind as JSON: the Big")
                && (message.contains("(JsonLimits.MAX_NUMBER_LENGTH)") || message.contains("(JsonLimits.MAX_EXPONENT)")),
            replay(sample) + ": " + message);
      }
    }
    assertTrue(written > DIRECT_SAMPLES / 2, "most samples are within the limits: " + written);
  }

  @Test
  void theInMemoryStoreKeepsEveryEventTheCodecWrites() {
    roundTripThrough(EventStores.inMemory(), 1);
  }

  @Test
  void sqliteKeepsEveryEventTheCodecWrites() {
    roundTripThrough(JdbcEventStores.sqlite(directory.resolve("events.db")), 2);
  }

  @Test
  void postgresKeepsEveryEventTheCodecWrites() {
    requirePostgres();
    roundTripThrough(JdbcEventStores.postgres(POSTGRES), 3);
  }

  /**
   * Publishes random events through a bus on {@code store}: those beyond the limits fail their
   * publish with the limit named and are not stored; the others read back equal, in order.
   */
  private static void roundTripThrough(EventStore store, long salt) {
    RandomEvents events = new RandomEvents(seed + salt);
    String stream = "codec-property-" + UUID.randomUUID();
    List<EveryKind> accepted = new ArrayList<>();
    try (EventBus bus = EventBus.builder().directExecution().store(store).build()) {
      for (int sample = 0; sample < STORE_SAMPLES; sample++) {
        EveryKind event = events.next();
        PublishOptions options = PublishOptions.defaults().streamId(stream, ExpectedVersion.any());
        if (RandomEvents.writable(event)) {
          bus.publish(event, options).toCompletableFuture().join();
          accepted.add(event);
        } else {
          CompletionException e =
              assertThrows(
                  CompletionException.class,
                  () -> bus.publish(event, options).toCompletableFuture().join(),
                  replay(sample));
          assertInstanceOf(EventStoreException.class, e.getCause(), replay(sample));
          assertTrue(
              e.getCause().getMessage().startsWith("could not encode every.kind event "), e.getCause().getMessage());
        }
      }
      List<StoredEvent> stored = bus.history().query(EventQuery.all().streamId(stream)).toCompletableFuture().join();
      List<Object> read = new ArrayList<>();
      stored.forEach(storedEvent -> read.add(storedEvent.event()));
      assertEquals(accepted.size(), read.size(), "seed " + seed);
      for (int i = 0; i < read.size(); i++) {
        assertEquals(accepted.get(i), read.get(i), "event " + i + " of the stream, seed " + seed + " + " + salt);
      }
    }
  }

  private static void requirePostgres() {
    try (Connection connection = DriverManager.getConnection(POSTGRES)) {
      connection.isValid(1);
    } catch (SQLException e) {
      if (Boolean.getBoolean("eventbus.requirePostgres")) {
        fail("PostgreSQL is required but not reachable at " + POSTGRES + ": " + e.getMessage());
      }
      org.junit.jupiter.api.Assumptions.assumeTrue(
          false, "PostgreSQL not reachable at " + POSTGRES + " (" + e.getMessage() + "): skipping; .ci/run requires it");
    }
  }
}
