package io.torematrix.eventbus;

import io.torematrix.eventbus.annotation.TopicSyntax;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Which stored events to read: by type name, topic pattern, stream, time range, correlation and
 * position, at most a number of them. Stores evaluate queries themselves (in SQL for the JDBC
 * stores). Immutable; each method returns a new query, and every criterion narrows the result.
 *
 * <pre>{@code
 * EventQuery.all()
 *     .types("order.placed", "order.shipped")
 *     .topic("orders.eu.>")
 *     .from(Instant.parse("2026-11-01T00:00:00Z"))
 *     .limit(100);
 * }</pre>
 */
public final class EventQuery {
  private static final EventQuery ALL =
      new EventQuery(Set.of(), null, null, null, null, null, Cursor.START, Integer.MAX_VALUE);

  private final Set<String> types;
  private final String topic;
  private final String streamId;
  private final Instant from;
  private final Instant until;
  private final UUID correlationId;
  private final Cursor after;
  private final int limit;

  private EventQuery(
      Set<String> types,
      String topic,
      String streamId,
      Instant from,
      Instant until,
      UUID correlationId,
      Cursor after,
      int limit) {
    this.types = types;
    this.topic = topic;
    this.streamId = streamId;
    this.from = from;
    this.until = until;
    this.correlationId = correlationId;
    this.after = after;
    this.limit = limit;
  }

  /** Every stored event, in global order. */
  public static EventQuery all() {
    return ALL;
  }

  /**
   * Only events whose type has one of these stable names; none given means any type. A name
   * given twice counts once.
   *
   * @throws NullPointerException if a name is {@code null}, naming its index
   */
  public EventQuery types(String... names) {
    Set<String> set = Set.copyOf(Arguments.listOf("names", names));
    return new EventQuery(set, topic, streamId, from, until, correlationId, after, limit);
  }

  /**
   * Only events published on topics matching {@code pattern} ({@code *} one token, {@code >} the
   * rest).
   *
   * @throws IllegalArgumentException if the pattern is invalid
   */
  public EventQuery topic(String pattern) {
    TopicSyntax.requireValid(pattern, true);
    return new EventQuery(types, pattern, streamId, from, until, correlationId, after, limit);
  }

  /** Only the events of one stream, in stream order (which is also global order). */
  public EventQuery streamId(String streamId) {
    return new EventQuery(
        types, topic, Objects.requireNonNull(streamId, "streamId"), from, until, correlationId, after, limit);
  }

  /** Only events published at or after {@code from}. */
  public EventQuery from(Instant from) {
    return new EventQuery(
        types, topic, streamId, Objects.requireNonNull(from, "from"), until, correlationId, after, limit);
  }

  /** Only events published before {@code until}. */
  public EventQuery until(Instant until) {
    return new EventQuery(
        types, topic, streamId, from, Objects.requireNonNull(until, "until"), correlationId, after, limit);
  }

  /** Only events of one correlation: a flow and everything it caused. */
  public EventQuery correlation(UUID correlationId) {
    return new EventQuery(
        types, topic, streamId, from, until, Objects.requireNonNull(correlationId, "correlationId"), after, limit);
  }

  /**
   * Only events after {@code cursor} in the store's global order; with {@link #limit}, how to read a
   * store page by page without ever skipping an event: pass the cursor of the last event read
   * ({@link StoredEvent#cursor()}). Paging by position alone can skip events on PostgreSQL, whose
   * positions interleave across concurrent transactions; a cursor cannot.
   */
  public EventQuery after(Cursor cursor) {
    return new EventQuery(
        types, topic, streamId, from, until, correlationId, Objects.requireNonNull(cursor, "cursor"), limit);
  }

  /** At most {@code limit} events, the first ones in global order. */
  public EventQuery limit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1 but was " + limit);
    }
    return new EventQuery(types, topic, streamId, from, until, correlationId, after, limit);
  }

  /** The type names; empty for any type. */
  public Set<String> types() {
    return types;
  }

  /** The topic pattern, or {@code null} for any topic. */
  public String topic() {
    return topic;
  }

  /** The stream, or {@code null} for any. */
  public String streamId() {
    return streamId;
  }

  /** The earliest timestamp (inclusive), or {@code null}. */
  public Instant from() {
    return from;
  }

  /** The timestamp events must precede, or {@code null}. */
  public Instant until() {
    return until;
  }

  /** The correlation id, or {@code null}. */
  public UUID correlationId() {
    return correlationId;
  }

  /** Events must come after this cursor; {@link Cursor#START} for from the beginning. */
  public Cursor after() {
    return after;
  }

  /** The most events to return. */
  public int limit() {
    return limit;
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("EventQuery[");
    if (!types.isEmpty()) {
      text.append("types=").append(types.stream().sorted().toList()).append(' ');
    }
    if (topic != null) {
      text.append("topic=").append(topic).append(' ');
    }
    if (streamId != null) {
      text.append("stream=").append(streamId).append(' ');
    }
    if (from != null) {
      text.append("from=").append(from).append(' ');
    }
    if (until != null) {
      text.append("until=").append(until).append(' ');
    }
    if (correlationId != null) {
      text.append("correlation=").append(correlationId).append(' ');
    }
    text.append("after=").append(after);
    if (limit != Integer.MAX_VALUE) {
      text.append(" limit=").append(limit);
    }
    return text.append(']').toString();
  }
}
