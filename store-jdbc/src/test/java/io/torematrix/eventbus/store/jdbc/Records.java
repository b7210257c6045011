package io.torematrix.eventbus.store.jdbc;

import io.torematrix.eventbus.spi.EventRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Records for store tests. */
final class Records {
  private Records() {}

  static EventRecord record(String type, String topic, String json) {
    return record(type, topic, json, Instant.parse("2026-06-01T12:00:00.123456789Z"), UUID.randomUUID());
  }

  static EventRecord record(String type, String topic, String json, Instant at, UUID correlation) {
    return new EventRecord(
        0,
        UUID.randomUUID(),
        null,
        0,
        type,
        1,
        topic,
        at,
        correlation,
        null,
        Map.of("tenant", "acme", "trace", "t-1"),
        json.getBytes(StandardCharsets.UTF_8));
  }

  static String payload(EventRecord record) {
    return new String(record.payload(), StandardCharsets.UTF_8);
  }
}
