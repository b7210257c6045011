package io.torematrix.eventbus.store.jdbc;

import static io.torematrix.eventbus.store.jdbc.Records.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.ExpectedVersion;
import io.torematrix.eventbus.spi.EventRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What both JDBC stores promise beyond the contract: they refuse, up front and alike, what they
 * could not keep exactly, and store nothing of a batch that holds it.
 */
abstract class JdbcStoreContract extends EventStoreContract {

  private static EventRecord withType(String type) {
    EventRecord r = record("ok", "t", "{}");
    return new EventRecord(0, r.eventId(), null, 0, type, 1, "t", r.timestamp(), r.correlationId(), null, Map.of(), r.payload());
  }

  private static EventRecord withHeader(String name, String value) {
    EventRecord r = record("ok", "t", "{}");
    return new EventRecord(
        0, r.eventId(), null, 0, "ok", 1, "t", r.timestamp(), r.correlationId(), null, Map.of(name, value), r.payload());
  }

  private void assertRefused(String message, String streamId, EventRecord bad) {
    List<EventRecord> batch = List.of(record("fine", "t", "{}"), bad);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> store.append(streamId, ExpectedVersion.any(), batch));
    assertEquals(message, e.getMessage());
    assertEquals(List.of(), store.read(EventQuery.all()), "nothing of the batch is stored");
  }

  @Test
  void aStreamIdWithNulOrALoneSurrogateOrOverTheLimitIsRefusedUpFront() {
    assertRefused(
        "stream id \"acc-\\u0000\" cannot be stored: it contains NUL (U+0000) at index 4, which stores cannot keep",
        "acc-\0",
        record("x", "t", "{}"));
    assertRefused(
        "stream id \"acc-\\uD800\" cannot be stored: it contains an unpaired UTF-16 surrogate (U+D800) at"
            + " index 4, which UTF-8 cannot encode",
        "acc-\uD800",
        record("x", "t", "{}"));
    String tooLong = "s".repeat(2705);
    assertRefused(
        "stream id \"" + "s".repeat(64) + "...\" (2705 characters) cannot be stored: it is 2705 bytes in"
            + " UTF-8, over the limit of 1024",
        tooLong,
        record("x", "t", "{}"));
  }

  @Test
  void aTypeNameOrHeaderThatCannotBeStoredExactlyIsRefusedUpFront() {
    assertRefused(
        "event type name \"order\\u0000placed\" cannot be stored: it contains NUL (U+0000) at index 5,"
            + " which stores cannot keep",
        null,
        withType("order\0placed"));
    assertRefused(
        "the value of header \"trace\" cannot be stored: it contains an unpaired UTF-16 surrogate (U+D800)"
            + " at index 1, which UTF-8 cannot encode",
        null,
        withHeader("trace", "a\uD800b"));
  }

  @Test
  void aTimestampBeyondWhatTheStoresHoldIsRefusedUpFront() {
    EventRecord r = record("ok", "t", "{}");
    Instant late = Instant.parse("2262-04-11T23:47:16.854775808Z");
    EventRecord tooLate =
        new EventRecord(0, r.eventId(), null, 0, "ok", 1, "t", late, r.correlationId(), null, Map.of(), r.payload());
    assertRefused(
        "the timestamp of event "
            + r.eventId()
            + ", 2262-04-11T23:47:16.854775808Z, cannot be stored: the stores keep timestamps from"
            + " 1677-09-21T00:12:43.145224192Z to 2262-04-11T23:47:16.854775807Z (nanoseconds since the"
            + " epoch in a signed 64-bit integer)",
        null,
        tooLate);
    EventRecord latest =
        new EventRecord(
            0, r.eventId(), null, 0, "ok", 1, "t", late.minusNanos(1), r.correlationId(), null, Map.of(), r.payload());
    store.append(null, ExpectedVersion.any(), List.of(latest));
    assertEquals(late.minusNanos(1), store.read(EventQuery.all()).get(0).timestamp());
  }

  @Test
  void textOutsideAsciiIsKeptExactly() {
    String stream = "konto-\u00e4\u20ac\uD83D\uDE00";
    EventRecord headed = withHeader("n\u00e4me", "v\u00e4lue \uD83D\uDE00");
    store.append(stream, ExpectedVersion.noStream(), List.of(headed));

    EventRecord back = store.read(EventQuery.all().streamId(stream)).get(0);
    assertEquals(stream, back.streamId());
    assertEquals(Map.of("n\u00e4me", "v\u00e4lue \uD83D\uDE00"), back.headers());
    assertEquals("{}", new String(back.payload(), StandardCharsets.UTF_8));
  }
}
