package io.torematrix.eventbus.bridge.nats;

import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.support.NatsJetStreamConstants;
import io.torematrix.eventbus.Cursor;
import io.torematrix.eventbus.spi.EventRecord;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The NATS headers that carry an event's context from the relay to the importers. The body of a
 * message is the payload the codec wrote; the message id ({@code Nats-Msg-Id}) is the event id.
 *
 * <p>The event's own headers travel in one header, {@value #HEADERS}, as {@code name=value} pairs
 * joined by {@code &}, each name and value encoded as in a URL form ({@link URLEncoder}, UTF-8), so
 * that any header the store accepts crosses NATS unchanged.
 */
public final class NatsHeaders {
  /** The event id (a UUID). */
  public static final String EVENT_ID = "Eventbus-Event-Id";
  /** The stable name of the event's type. */
  public static final String TYPE = "Eventbus-Type";
  /** The schema version of the event's type, 1 and up. */
  public static final String TYPE_VERSION = "Eventbus-Type-Version";
  /** The topic it was published on. */
  public static final String TOPIC = "Eventbus-Topic";
  /** When it was published, ISO-8601 ({@link Instant#toString()}). */
  public static final String TIMESTAMP = "Eventbus-Timestamp";
  /** Its correlation id. */
  public static final String CORRELATION_ID = "Eventbus-Correlation-Id";
  /** Its causation id, absent for an event nobody caused. */
  public static final String CAUSATION_ID = "Eventbus-Causation-Id";
  /** The node id of the bridge that exported it. */
  public static final String ORIGIN = "Eventbus-Origin";
  /** The event's own headers, URL-form encoded; absent when it has none. */
  public static final String HEADERS = "Eventbus-Headers";
  /** The event's cursor in the store of its origin ({@link Cursor#toString()}). */
  public static final String CURSOR = "Eventbus-Cursor";
  /**
   * The cursor of the event the relay published before this one on the same topic, in the store of
   * its origin; absent on the first message of a topic a relay publishes after it (re)starts. An
   * import that has imported an earlier event of this origin and topic, but not that one, waits for
   * it, so that each origin's events are stored in their order even when a message lost with a
   * connection is published again after later ones.
   */
  public static final String PREVIOUS_CURSOR = "Eventbus-Previous-Cursor";
  /**
   * The cursor of the event the relay published before this one on any topic, in the store of its
   * origin; absent on the first message a relay publishes after it (re)starts. An import whose
   * topics cover {@link #ORIGIN_PREVIOUS_TOPIC} waits for that event as for {@link
   * #PREVIOUS_CURSOR}: the order of an origin's events across the topics of one import.
   */
  public static final String ORIGIN_PREVIOUS_CURSOR = "Eventbus-Origin-Previous-Cursor";
  /** The topic of the event at {@link #ORIGIN_PREVIOUS_CURSOR}; absent with it. */
  public static final String ORIGIN_PREVIOUS_TOPIC = "Eventbus-Origin-Previous-Topic";
  /**
   * Per proper prefix of the topic, shortest first, the cursor of the event the relay published
   * before this one on a topic under that prefix, in the store of its origin, or {@code -} if it
   * published none since it (re)started; comma-separated, absent for a topic of one token. For
   * topic {@code orders.eu.placed}, {@code "7,-"} names event 7 as the one before it under {@code
   * orders.>} and none under {@code orders.eu.>}. An import of {@code <prefix>.>} waits for the
   * event named for its prefix as for {@link #PREVIOUS_CURSOR}: the order of an origin's events
   * across the topics of that import, whatever the origin published on other topics in between.
   */
  public static final String PREFIX_PREVIOUS_CURSORS = "Eventbus-Prefix-Previous-Cursors";

  private NatsHeaders() {}

  /**
   * Writes into {@code headers} those of {@code record} (its timestamp written by {@code
   * timestamps}), exported after the event at {@code
   * previous} on its topic (or {@code null}) and after the event at {@code previousOfOrigin} on
   * topic {@code previousTopic} (or both {@code null}), and, per proper prefix of its topic
   * (shortest first), after the event at that element of {@code previousByPrefix} (or {@code
   * null}): the message id ({@code Nats-Msg-Id}), the event id, and the others that change from
   * event to event, replacing or removing those of the event written before. {@code headers} holds
   * the ones {@link #constant} made for the type, type version and topic of {@code record}: one
   * object serves every event of those, since jnats copies the headers of a message as it is
   * published (so each {@code put} is validated once, and the constant ones are not copied).
   *
   * @return {@code headers}
   * @throws IllegalArgumentException if a value cannot be a NATS header; {@code headers} is then
   *     to be written again before it is published
   */
  static Headers write(
      Headers headers, Timestamps timestamps, EventRecord record, Cursor previous, Cursor previousOfOrigin,
      String previousTopic, List<Cursor> previousByPrefix) {
    String eventId = record.eventId().toString();
    headers.put(NatsJetStreamConstants.MSG_ID_HDR, eventId); // JetStream's deduplication key
    headers.put(EVENT_ID, eventId);
    headers.put(TIMESTAMP, timestamps.iso(record.timestamp()));
    headers.put(CORRELATION_ID, record.correlationId().toString());
    putOrRemove(headers, CAUSATION_ID, record.causationId() == null ? null : record.causationId().toString());
    headers.put(CURSOR, record.cursor().toString());
    putOrRemove(headers, PREVIOUS_CURSOR, previous == null ? null : previous.toString());
    putOrRemove(headers, ORIGIN_PREVIOUS_CURSOR, previousOfOrigin == null ? null : previousOfOrigin.toString());
    putOrRemove(headers, ORIGIN_PREVIOUS_TOPIC, previousOfOrigin == null ? null : previousTopic);
    String prefixes = null;
    if (!previousByPrefix.isEmpty()) {
      StringBuilder cursors = new StringBuilder();
      for (Cursor cursor : previousByPrefix) {
        cursors.append(cursors.length() == 0 ? "" : ",").append(cursor == null ? "-" : cursor.toString());
      }
      prefixes = cursors.toString();
    }
    putOrRemove(headers, PREFIX_PREVIOUS_CURSORS, prefixes);
    String form = null;
    if (!record.headers().isEmpty()) {
      StringBuilder pairs = new StringBuilder();
      for (Map.Entry<String, String> header : new TreeMap<>(record.headers()).entrySet()) {
        pairs.append(pairs.length() == 0 ? "" : "&")
            .append(URLEncoder.encode(header.getKey(), StandardCharsets.UTF_8))
            .append('=')
            .append(URLEncoder.encode(header.getValue(), StandardCharsets.UTF_8));
      }
      form = pairs.toString();
    }
    putOrRemove(headers, HEADERS, form);
    return headers;
  }

  private static void putOrRemove(Headers headers, String name, String value) {
    if (value != null) {
      headers.put(name, value);
    } else if (headers.containsKey(name)) {
      headers.remove(name);
    }
  }

  /**
   * The headers every event of {@code record}'s type, type version and topic carries when {@code
   * origin} exports it to {@code stream}: {@code Nats-Expected-Stream}, {@link #TYPE}, {@link
   * #TYPE_VERSION}, {@link #TOPIC} and {@link #ORIGIN}, to which {@link #write} adds the others
   * of each event in turn.
   *
   * @throws IllegalArgumentException if one of them cannot be a NATS header (a type name outside
   *     printable ASCII, say)
   */
  static Headers constant(EventRecord record, String origin, String stream) {
    Headers headers = new Headers();
    headers.put(NatsJetStreamConstants.EXPECTED_STREAM_HDR, stream);
    headers.put(TYPE, record.typeName());
    headers.put(TYPE_VERSION, Integer.toString(record.typeVersion()));
    headers.put(TOPIC, record.topic());
    headers.put(ORIGIN, origin);
    return headers;
  }

  /** The origin node of {@code message}, or {@code null} if it names none. */
  static String origin(Message message) {
    Headers headers = message.getHeaders();
    return headers == null ? null : headers.getFirst(ORIGIN);
  }

  /** The cursor in header {@code name} of {@code message}, or {@code null} if absent or invalid. */
  static Cursor cursor(Message message, String name) {
    Headers headers = message.getHeaders();
    String text = headers == null ? null : headers.getFirst(name);
    if (text == null) {
      return null;
    }
    try {
      return Cursor.parse(text);
    } catch (IllegalArgumentException notACursor) {
      return null;
    }
  }

  /**
   * The cursor {@link #PREFIX_PREVIOUS_CURSORS} of {@code message} names for the prefix of {@code
   * depth} tokens, or {@code null} if none or invalid.
   */
  static Cursor prefixPrevious(Message message, int depth) {
    Headers headers = message.getHeaders();
    String text = headers == null ? null : headers.getFirst(PREFIX_PREVIOUS_CURSORS);
    if (text == null || depth < 1) {
      return null;
    }
    String[] cursors = text.split(",", -1);
    if (depth > cursors.length || cursors[depth - 1].equals("-")) {
      return null;
    }
    try {
      return Cursor.parse(cursors[depth - 1]);
    } catch (IllegalArgumentException notACursor) {
      return null;
    }
  }

  /**
   * The record {@code message} carries, not yet stored (position 0), with {@link
   * NatsBridge#ORIGIN_HEADER} added to its headers.
   *
   * @throws IllegalArgumentException naming the header that is missing or invalid
   */
  static EventRecord record(Message message) {
    Headers headers = message.getHeaders();
    if (headers == null) {
      throw new IllegalArgumentException("the message has no headers, so it is not an event a bridge exported");
    }
    UUID eventId = uuid(headers, EVENT_ID, true);
    String type = required(headers, TYPE);
    int version;
    try {
      version = Integer.parseInt(required(headers, TYPE_VERSION));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("header " + TYPE_VERSION + " is not a number: " + headers.getFirst(TYPE_VERSION));
    }
    if (version < 1) {
      throw new IllegalArgumentException("header " + TYPE_VERSION + " is below 1: " + version);
    }
    String topic = required(headers, TOPIC);
    Instant timestamp;
    try {
      timestamp = Instant.parse(required(headers, TIMESTAMP));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("header " + TIMESTAMP + " is not an ISO-8601 instant: " + headers.getFirst(TIMESTAMP));
    }
    UUID correlation = uuid(headers, CORRELATION_ID, true);
    UUID causation = uuid(headers, CAUSATION_ID, false);
    String origin = required(headers, ORIGIN);
    Map<String, String> own = form(headers.getFirst(HEADERS));
    own.put(NatsBridge.ORIGIN_HEADER, origin);
    String cursor = headers.getFirst(CURSOR);
    if (cursor != null) {
      own.put(NatsBridge.ORIGIN_CURSOR_HEADER, cursor);
    }
    return new EventRecord(
        0, eventId, null, 0, type, version, topic, timestamp, correlation, causation, own, message.getData());
  }

  /**
   * What can be made of a message that {@link #record} refused, to park it: every header that is
   * there, placeholders for the others (type {@code "?"}, topic {@code "?"}, the epoch), and an
   * event id from the stream and sequence when it has none.
   */
  static EventRecord unreadable(Message message, String stream, long sequence) {
    Headers headers = message.getHeaders();
    Map<String, String> all = new LinkedHashMap<>();
    if (headers != null) {
      for (String key : headers.keySet()) {
        all.put(key, String.join(",", headers.get(key)));
      }
    }
    all.put("nats-subject", message.getSubject());
    all.put("nats-stream-sequence", stream + ":" + sequence);
    UUID id = null;
    try {
      id = headers == null ? null : uuid(headers, EVENT_ID, false);
    } catch (IllegalArgumentException notUuid) {
      id = null;
    }
    if (id == null) {
      id = UUID.nameUUIDFromBytes(("nats:" + stream + ":" + sequence).getBytes(StandardCharsets.UTF_8));
    }
    return new EventRecord(
        0, id, null, 0, "?", 1, "?", Instant.EPOCH, id, null, all,
        message.getData() == null ? new byte[0] : message.getData());
  }

  private static String required(Headers headers, String name) {
    String value = headers.getFirst(name);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("header " + name + " is missing");
    }
    return value;
  }

  private static UUID uuid(Headers headers, String name, boolean required) {
    String value = required ? required(headers, name) : headers.getFirst(name);
    if (value == null) {
      return null;
    }
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("header " + name + " is not a UUID: " + value);
    }
  }

  private static Map<String, String> form(String text) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (text == null || text.isEmpty()) {
      return headers;
    }
    for (String pair : text.split("&", -1)) {
      int equals = pair.indexOf('=');
      if (equals < 0) {
        throw new IllegalArgumentException("header " + HEADERS + " has a pair without '=': " + pair);
      }
      headers.put(
          URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
    }
    return headers;
  }
}
