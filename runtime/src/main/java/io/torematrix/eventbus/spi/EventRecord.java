package io.torematrix.eventbus.spi;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One event as a store keeps it: where it sits (global position, stream and version), its context
 * and its encoded payload. The type is named by its stable {@code @Event} name and version, never
 * by a class name.
 *
 * @param position the global position, 1 and up; 0 for a record not yet appended
 * @param eventId the event's unique id
 * @param streamId the stream it was appended to, or {@code null}
 * @param streamVersion its version within the stream, 1 and up; 0 when not in a stream
 * @param typeName the stable name of its type
 * @param typeVersion the schema version it was written with
 * @param topic the topic it was published on
 * @param timestamp when it was published
 * @param correlationId its correlation id
 * @param causationId the id of the event that caused it, or {@code null}
 * @param headers its headers
 * @param payload its encoded form; not copied, so not to be modified
 */
public record EventRecord(
    long position,
    UUID eventId,
    String streamId,
    long streamVersion,
    String typeName,
    int typeVersion,
    String topic,
    Instant timestamp,
    UUID correlationId,
    UUID causationId,
    Map<String, String> headers,
    byte[] payload) {

  /** Checks the required parts. */
  public EventRecord {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(typeName, "typeName");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(correlationId, "correlationId");
    headers = Map.copyOf(headers);
    Objects.requireNonNull(payload, "payload");
  }

  /** This record placed at {@code position} in {@code streamId} (may be null) at {@code streamVersion}. */
  public EventRecord placed(long position, String streamId, long streamVersion) {
    return new EventRecord(
        position,
        eventId,
        streamId,
        streamVersion,
        typeName,
        typeVersion,
        topic,
        timestamp,
        correlationId,
        causationId,
        headers,
        payload);
  }

  @Override
  public String toString() {
    return "EventRecord[position="
        + position
        + ", id="
        + eventId
        + ", type="
        + typeName
        + " v"
        + typeVersion
        + (streamId == null ? "" : ", stream=" + streamId + "@" + streamVersion)
        + ", topic="
        + topic
        + ", "
        + payload.length
        + " bytes]";
  }
}
