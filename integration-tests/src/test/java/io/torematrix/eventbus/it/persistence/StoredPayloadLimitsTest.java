package io.torematrix.eventbus.it.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.torematrix.eventbus.Cursor;
import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.EventStoreException;
import io.torematrix.eventbus.EventStores;
import io.torematrix.eventbus.ExpectedVersion;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.EventStore;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Stored rows are input: whoever wrote a payload, reading it through {@code query}, {@code replay}
 * or {@code getEvents} fails within the codec's limits as an {@link EventStoreException} naming the
 * stored position and the character, and the rows around it still read.
 */
class StoredPayloadLimitsTest {
  private static EventRecord row(String type, String json) {
    return row(type, json.getBytes(StandardCharsets.UTF_8));
  }

  private static EventRecord row(String type, byte[] payload) {
    return new EventRecord(
        0,
        UUID.randomUUID(),
        null,
        0,
        type,
        1,
        type,
        Instant.parse("2026-01-01T00:00:00Z"),
        UUID.randomUUID(),
        null,
        Map.of(),
        payload);
  }

  /**
   * Stores a good reading, the bad row, and another good reading; checks that every way of reading
   * the bad row fails with {@code expected} and that the good rows still read.
   */
  private static void assertUnreadable(EventRecord bad, String expected) {
    EventStore store = EventStores.inMemory();
    store.append(
        null,
        ExpectedVersion.any(),
        List.of(row("reading", "{\"count\":1}"), bad, row("reading", "{\"count\":3}")));
    try (EventBus bus = EventBus.builder().directExecution().store(store).build()) {
      String position = "the stored event at position 2 (" + bad.typeName() + " v1, id " + bad.eventId() + ") cannot be decoded: ";
      assertEquals(position + expected, failure(bus, b -> b.history().query(EventQuery.all())));
      assertEquals(position + expected, failure(bus, b -> b.history().replay(EventQuery.all(), stored -> {})));
      assertEquals(position + expected, failure(bus, b -> b.getEvents(event -> true)));
      assertEquals(
          new Reading(1, null, null, 0.0),
          bus.history().query(EventQuery.all().limit(1)).toCompletableFuture().join().get(0).event(),
          "the row before it still reads");
      assertEquals(
          new Reading(3, null, null, 0.0),
          bus.history().query(EventQuery.all().after(Cursor.ofPosition(2))).toCompletableFuture().join().get(0).event(),
          "the row after it still reads");
    }
  }

  private static String failure(EventBus bus, Function<EventBus, CompletionStage<?>> read) {
    CompletionException e = assertThrows(CompletionException.class, () -> read.apply(bus).toCompletableFuture().join());
    assertInstanceOf(EventStoreException.class, e.getCause());
    return e.getCause().getMessage();
  }

  @Test
  void anExponentOfThirtyMillionForABigIntegerFailsOnTheExponentLimit() {
    assertUnreadable(
        row("reading", "{\"value\":1e30000000}"),
        "the number at character 9 has an exponent beyond ±100000 (JsonLimits.MAX_EXPONENT): 1e30000000");
  }

  @Test
  void theLargestBigIntegerReadsAndOneDigitMoreIsRefused() {
    EventStore store = EventStores.inMemory();
    store.append(null, ExpectedVersion.any(), List.of(row("reading", "{\"value\":1e999}")));
    try (EventBus bus = EventBus.builder().directExecution().store(store).build()) {
      assertEquals(
          new Reading(0, BigInteger.TEN.pow(999), null, 0.0),
          bus.history().query(EventQuery.all()).toCompletableFuture().join().get(0).event());
    }
    assertUnreadable(
        row("reading", "{\"value\":1e1000}"),
        "expected a whole number of at most 1000 characters in plain form (JsonLimits.MAX_NUMBER_LENGTH)"
            + " at character 9 but found 1e1000");
  }

  @Test
  void aFourHundredThousandDigitIntFailsOnTheLengthLimit() {
    assertUnreadable(
        row("reading", "{\"count\":" + "4".repeat(400_000) + "}"),
        "the number at character 9 is longer than 1000 characters (JsonLimits.MAX_NUMBER_LENGTH)");
  }

  @Test
  void aStoredBigDecimalWithAnExponentBeyondIntFailsOnTheExponentLimitNotAnOverflow() {
    assertUnreadable(
        row("reading", "{\"amount\":1.2E+2147483648}"),
        "the number at character 10 has an exponent beyond ±100000 (JsonLimits.MAX_EXPONENT): 1.2E+2147483648");
  }

  @Test
  void aDoubleBeyondItsRangeIsAnErrorNotAnInfinity() {
    assertUnreadable(
        row("reading", "{\"ratio\":1e400}"), "expected a number within the range of double at character 9 but found 1e400");
  }

  @Test
  void anUnknownMemberNestedTwoHundredThousandDeepFailsOnTheDepthLimit() {
    assertUnreadable(
        row("reading", "{\"extra\":" + "[".repeat(200_000) + "]".repeat(200_000) + "}"),
        "the array at character 1008 nests deeper than 1000 objects and arrays (JsonLimits.MAX_DEPTH)");
  }

  @Test
  void aSelfNestingRecordTwoHundredThousandDeepFailsOnTheDepthLimit() {
    String deep = "{\"value\":\"n\",\"next\":".repeat(200_000) + "null" + "}".repeat(200_000);
    assertUnreadable(
        row("node", deep),
        "the object at character 20000 nests deeper than 1000 objects and arrays (JsonLimits.MAX_DEPTH)");
  }

  @Test
  void malformedUtf8IsReportedNotReplaced() {
    byte[] payload = {'{', '"', 'x', '"', ':', '"', (byte) 0xFF, '"', '}'};
    assertUnreadable(row("reading", payload), "expected well-formed UTF-8 at byte 6 but found 0xFF");
  }
}
