package io.torematrix.eventbus.store.jdbc;

import io.torematrix.eventbus.EventStoreException;
import io.torematrix.eventbus.annotation.TopicSyntax;
import io.torematrix.eventbus.codec.JsonReader;
import io.torematrix.eventbus.codec.JsonWriter;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.StorableText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The row form of an {@link EventRecord}, shared by both dialects: timestamps as epoch
 * nanoseconds (no precision lost), headers as a JSON object, ids as text or native UUIDs.
 */
final class Rows {
  /** The columns written by {@link #bind}, in order. */
  static final String INSERT_COLUMNS =
      "event_id, stream_id, stream_version, type_name, type_version, topic, ts, correlation_id,"
          + " causation_id, headers, payload";

  /**
   * The columns read by {@link #read}, in order: the position, the {@link #INSERT_COLUMNS}, and
   * the writing transaction's id ({@code tx_id} on PostgreSQL, 0 on SQLite, whose writes are
   * serialized).
   */
  static String selectColumns(boolean postgres) {
    return postgres ? POSTGRES_COLUMNS : SQLITE_COLUMNS;
  }

  private static final String SQLITE_COLUMNS = "position, " + INSERT_COLUMNS + ", 0";
  /**
   * The transaction id as a number under a name of its own: output columns come first when
   * {@code ORDER BY} resolves a bare name, and a cast of {@code tx_id} is named {@code tx_id},
   * which would make {@code ORDER BY tx_id} sort by the cast instead of reading the index
   * (measured: 9,000 instead of over 100,000 events/s).
   */
  private static final String POSTGRES_COLUMNS = "position, " + INSERT_COLUMNS + ", tx_id::text::bigint AS tx";

  private Rows() {}

  /**
   * Refuses, before anything is written, what a store could not keep exactly: the rule of {@link
   * StorableText} for the stream id, type names and headers, the topic grammar for topics, and
   * the range of timestamps ({@link #EARLIEST} to {@link #LATEST}).
   * Both JDBC stores apply it, so they refuse the same inputs.
   *
   * @throws IllegalArgumentException naming the value and the rule it breaks
   */
  static void check(String streamId, List<EventRecord> records) {
    if (streamId != null) {
      StorableText.requireStreamId(streamId);
    }
    for (EventRecord record : records) {
      StorableText.requireTypeName(record.typeName());
      String problem = TopicSyntax.problem(record.topic(), false);
      if (problem != null) {
        throw new IllegalArgumentException(
            "the topic of event " + record.eventId() + " cannot be stored: " + problem);
      }
      StorableText.requireHeaders(record.headers());
      if (record.timestamp().isBefore(EARLIEST) || record.timestamp().isAfter(LATEST)) {
        throw new IllegalArgumentException(
            "the timestamp of event "
                + record.eventId()
                + ", "
                + record.timestamp()
                + ", cannot be stored: the stores keep timestamps from "
                + EARLIEST
                + " to "
                + LATEST
                + " (nanoseconds since the epoch in a signed 64-bit integer)");
      }
    }
  }

  /** Binds {@code record} placed in {@code streamId} at {@code streamVersion} to an insert. */
  static void bind(
      PreparedStatement insert, EventRecord record, String streamId, long streamVersion, boolean nativeUuid)
      throws SQLException {
    bind(insert, record, streamId, streamVersion, nativeUuid, 1);
  }

  /** Binds the {@link #INSERT_COLUMNS} of {@code record} from parameter {@code first} on. */
  static void bind(
      PreparedStatement insert,
      EventRecord record,
      String streamId,
      long streamVersion,
      boolean nativeUuid,
      int first)
      throws SQLException {
    insert.setObject(first, uuid(record.eventId(), nativeUuid));
    insert.setString(first + 1, streamId);
    insert.setLong(first + 2, streamVersion);
    insert.setString(first + 3, record.typeName());
    insert.setInt(first + 4, record.typeVersion());
    insert.setString(first + 5, record.topic());
    insert.setLong(first + 6, nanos(record.timestamp()));
    insert.setObject(first + 7, uuid(record.correlationId(), nativeUuid));
    insert.setObject(
        first + 8, record.causationId() == null ? null : uuid(record.causationId(), nativeUuid));
    insert.setString(first + 9, headers(record.headers()));
    insert.setBytes(first + 10, record.payload());
  }

  /**
   * Reads the row at the result set's cursor, selected with {@link #selectColumns}; a row that
   * cannot be read is reported with its position.
   */
  static EventRecord read(ResultSet row) throws SQLException {
    long position = row.getLong(1);
    try {
      return record(row);
    } catch (RuntimeException | StackOverflowError e) {
      throw new EventStoreException(
          "the stored row at position " + position + " is corrupt: " + (e.getMessage() == null ? e : e.getMessage()), e);
    }
  }

  /**
   * The record in the first 13 columns of the row at the result set's cursor, in the order of
   * {@link #selectColumns}.
   *
   * @throws RuntimeException (or {@link StackOverflowError}, for headers nested too deeply) if the
   *     columns do not hold a valid record
   */
  static EventRecord record(ResultSet row) throws SQLException {
    String streamId = row.getString(3);
    return new EventRecord(
        row.getLong(1),
        toUuid(row.getObject(2)),
        streamId,
        row.getLong(4),
        row.getString(5),
        row.getInt(6),
        row.getString(7),
        instant(row.getLong(8)),
        toUuid(row.getObject(9)),
        row.getObject(10) == null ? null : toUuid(row.getObject(10)),
        headers(row.getString(11)),
        row.getBytes(12),
        row.getLong(13));
  }

  /**
   * The records stored with one of the ids of {@code records}, by id: indexed lookups of up to
   * {@code perQuery} ids each.
   *
   * @param postgres whether on PostgreSQL (native UUIDs, transaction ids) or SQLite
   */
  static Map<UUID, EventRecord> findByIds(
      Connection connection, String table, List<EventRecord> records, boolean postgres, int perQuery)
      throws SQLException {
    Map<UUID, EventRecord> found = new HashMap<>();
    for (int from = 0; from < records.size(); from += perQuery) {
      List<EventRecord> chunk = records.subList(from, Math.min(records.size(), from + perQuery));
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT "
                  + selectColumns(postgres)
                  + " FROM "
                  + table
                  + " WHERE event_id IN ("
                  + placeholders(chunk.size())
                  + ")")) {
        for (int i = 0; i < chunk.size(); i++) {
          select.setObject(i + 1, uuid(chunk.get(i).eventId(), postgres));
        }
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            EventRecord existing = read(rows);
            found.put(existing.eventId(), existing);
          }
        }
      }
    }
    return found;
  }

  /** {@code records} as stored: each replaced by the record {@code stored} holds for its id. */
  static List<EventRecord> asStored(List<EventRecord> records, Map<UUID, EventRecord> stored) {
    List<EventRecord> result = new ArrayList<>(records.size());
    for (EventRecord record : records) {
      result.add(stored.get(record.eventId()));
    }
    return List.copyOf(result);
  }

  /** The earliest timestamp a store holds: {@code Long.MIN_VALUE} nanoseconds since the epoch. */
  static final Instant EARLIEST = instant(Long.MIN_VALUE);

  /** The latest timestamp a store holds: {@code Long.MAX_VALUE} nanoseconds since the epoch. */
  static final Instant LATEST = instant(Long.MAX_VALUE);

  static long nanos(Instant instant) {
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
  }

  static Instant instant(long nanos) {
    return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }

  static Object uuid(UUID id, boolean nativeUuid) {
    return nativeUuid ? id : id.toString();
  }

  static UUID toUuid(Object value) {
    if (value instanceof UUID id) {
      return id;
    }
    if (value == null) {
      throw new IllegalStateException("a required id is missing");
    }
    return UUID.fromString(value.toString());
  }

  static String headers(Map<String, String> headers) {
    return headers.isEmpty() ? "{}" : new JsonWriter().tree(new TreeMap<>(headers)).toString();
  }

  static Map<String, String> headers(String json) {
    Object tree = new JsonReader(json).readTree();
    if (!(tree instanceof Map<?, ?> map)) {
      throw new IllegalStateException("headers are not a JSON object: " + json);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (!(entry.getValue() instanceof String value)) {
        throw new IllegalStateException("header " + entry.getKey() + " is not a string: " + json);
      }
      headers.put((String) entry.getKey(), value);
    }
    return headers;
  }

  /** Placeholders for {@code count} values: {@code ?, ?, ?}. */
  static String placeholders(int count) {
    return String.join(", ", Collections.nCopies(count, "?"));
  }
}
