package io.torematrix.eventbus.spi;

import io.torematrix.eventbus.Cursor;
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
 * @param transaction the id of the transaction that wrote it, on stores where transactions interleave
 *     (PostgreSQL); 0 on stores whose writes are serialized and for a record not yet appended
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
    byte[] payload,
    long transaction) {

  /**
   * Checks the required parts.
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
   * @param transaction the id of the transaction that wrote it, on stores where transactions
   *     interleave
   *     (PostgreSQL); 0 on stores whose writes are serialized and for a record not yet appended
   * @throws NullPointerException if a part that is not nullable is null
   * @throws IllegalArgumentException if {@code transaction} is negative
   */
  public EventRecord {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(typeName, "typeName");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(correlationId, "correlationId");
    headers = Map.copyOf(headers);
    Objects.requireNonNull(payload, "payload");
    if (transaction < 0) {
      throw new IllegalArgumentException("transaction ids are 0 or more, not " + transaction);
    }
  }

  /**
   * A record of a store whose writes are serialized, or one not yet appended: transaction 0.
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
  public EventRecord(
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
    this(
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
        payload,
        0);
  }

  /** {@return where it sits in the store's global order: (transaction, position)} */
  public Cursor cursor() {
    return Cursor.of(transaction, position);
  }

  /**
   * This record placed at {@code position} in {@code streamId} (may be null) at {@code
   * streamVersion}.
   *
   * @param position the global position, 1 and up
   * @param streamId the stream, or {@code null}
   * @param streamVersion its version within the stream, 0 when not in one
   * @return a copy of this record, placed
   */
  public EventRecord placed(long position, String streamId, long streamVersion) {
    return placed(transaction, position, streamId, streamVersion);
  }

  /**
   * This record written by {@code transaction} at {@code position} in {@code streamId} (may be
   * null) at {@code streamVersion}.
   *
   * @param transaction the writing transaction's id
   * @param position the global position, 1 and up
   * @param streamId the stream, or {@code null}
   * @param streamVersion its version within the stream, 0 when not in one
   * @return a copy of this record, placed
   */
  public EventRecord placed(long transaction, long position, String streamId, long streamVersion) {
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
        payload,
        transaction);
  }

  @Override
  public String toString() {
    return "EventRecord[cursor="
        + cursor()
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
