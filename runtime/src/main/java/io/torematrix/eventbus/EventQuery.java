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

  /**
   * Every stored event, in global order.
   *
   * @return the query that selects every event
   */
  public static EventQuery all() {
    return ALL;
  }

  /**
   * Only events whose type has one of these stable names; none given means any type. A name
   * given twice counts once.
   *
   * @param names the types' stable names ({@code @Event(name)})
   * @return a query narrowed to those types
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
   * @param pattern a topic pattern
   * @return a query narrowed to matching topics
   * @throws IllegalArgumentException if the pattern is invalid
   */
  public EventQuery topic(String pattern) {
    TopicSyntax.requireValid(pattern, true);
    return new EventQuery(types, pattern, streamId, from, until, correlationId, after, limit);
  }

  /**
   * Only the events of one stream, in stream order (which is also global order).
   *
   * @param streamId the stream's id
   * @return a query narrowed to that stream
   */
  public EventQuery streamId(String streamId) {
    return new EventQuery(
        types, topic, Objects.requireNonNull(streamId, "streamId"), from, until, correlationId, after, limit);
  }

  /**
   * Only events published at or after {@code from}.
   *
   * @param from the earliest timestamp, inclusive
   * @return a query narrowed to that time
   */
  public EventQuery from(Instant from) {
    return new EventQuery(
        types, topic, streamId, Objects.requireNonNull(from, "from"), until, correlationId, after, limit);
  }

  /**
   * Only events published before {@code until}.
   *
   * @param until the timestamp events must precede, exclusive
   * @return a query narrowed to that time
   */
  public EventQuery until(Instant until) {
    return new EventQuery(
        types, topic, streamId, from, Objects.requireNonNull(until, "until"), correlationId, after, limit);
  }

  /**
   * Only events of one correlation: a flow and everything it caused.
   *
   * @param correlationId the flow's correlation id
   * @return a query narrowed to that flow
   */
  public EventQuery correlation(UUID correlationId) {
    return new EventQuery(
        types, topic, streamId, from, until, Objects.requireNonNull(correlationId, "correlationId"), after, limit);
  }

  /**
   * Only events after {@code cursor} in the store's global order; with {@link #limit}, how to read a
   * store page by page without ever skipping an event: pass the cursor of the last event read
   * ({@link StoredEvent#cursor()}). Paging by position alone can skip events on PostgreSQL, whose
   * positions interleave across concurrent transactions; a cursor cannot.
   *
   * @param cursor the cursor of the last event read, or {@link Cursor#START}
   * @return a query narrowed to the events after it
   */
  public EventQuery after(Cursor cursor) {
    return new EventQuery(
        types, topic, streamId, from, until, correlationId, Objects.requireNonNull(cursor, "cursor"), limit);
  }

  /**
   * At most {@code limit} events, the first ones in global order.
   *
   * @param limit the most events to return, 1 and up
   * @return a query returning at most that many
   * @throws IllegalArgumentException if {@code limit} is below 1
   */
  public EventQuery limit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1 but was " + limit);
    }
    return new EventQuery(types, topic, streamId, from, until, correlationId, after, limit);
  }

  /** {@return the type names; empty for any type} */
  public Set<String> types() {
    return types;
  }

  /** {@return the topic pattern, or {@code null} for any topic} */
  public String topic() {
    return topic;
  }

  /** {@return the stream, or {@code null} for any} */
  public String streamId() {
    return streamId;
  }

  /** {@return the earliest timestamp (inclusive), or {@code null}} */
  public Instant from() {
    return from;
  }

  /** {@return the timestamp events must precede, or {@code null}} */
  public Instant until() {
    return until;
  }

  /** {@return the correlation id, or {@code null}} */
  public UUID correlationId() {
    return correlationId;
  }

  /** {@return events must come after this cursor; {@link Cursor#START} for from the beginning} */
  public Cursor after() {
    return after;
  }

  /** {@return the most events to return} */
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
