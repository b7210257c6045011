package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.Cursor;
import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.EventStoreException;
import io.torematrix.eventbus.ExpectedVersion;
import io.torematrix.eventbus.WrongExpectedVersionException;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.EventStore;
import io.torematrix.eventbus.spi.SubscriptionStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The in-memory {@link EventStore}: records in position order, guarded by one lock. When bounded,
 * the oldest records are evicted; stream versions stay known, so concurrency checks keep working,
 * while deduplication covers the records still held.
 */
public final class InMemoryEventStore implements EventStore {
  private final int capacity;
  private final ArrayDeque<EventRecord> records = new ArrayDeque<>();
  private final Map<UUID, EventRecord> byId = new HashMap<>();
  private final Map<String, Long> streamVersions = new HashMap<>();
  private final InMemorySubscriptionStore subscriptions = new InMemorySubscriptionStore(this::requireOpen);
  private long lastPosition;
  private boolean closed;

  public InMemoryEventStore(int capacity) {
    this.capacity = capacity;
  }

  @Override
  public synchronized List<EventRecord> append(
      String streamId, ExpectedVersion expected, List<EventRecord> batch) {
    requireOpen();
    if (streamId == null && !expected.isAny()) {
      throw new IllegalArgumentException("an expected version needs a stream; got " + expected + " without one");
    }
    long streamVersion = streamId == null ? 0 : streamVersions.getOrDefault(streamId, 0L);
    List<EventRecord> fresh = new ArrayList<>();
    for (EventRecord record : batch) {
      if (!byId.containsKey(record.eventId())) {
        fresh.add(record);
      }
    }
    if (streamId != null && !fresh.isEmpty() && !expected.accepts(streamVersion)) {
      throw new WrongExpectedVersionException(streamId, expected, streamVersion);
    }
    List<EventRecord> stored = new ArrayList<>();
    for (EventRecord record : batch) {
      EventRecord existing = byId.get(record.eventId());
      if (existing != null) {
        stored.add(existing);
        continue;
      }
      EventRecord placed =
          record.placed(++lastPosition, streamId, streamId == null ? 0 : ++streamVersion);
      records.addLast(placed);
      byId.put(placed.eventId(), placed);
      stored.add(placed);
    }
    if (streamId != null) {
      streamVersions.put(streamId, streamVersion);
    }
    while (records.size() > capacity) {
      byId.remove(records.removeFirst().eventId());
    }
    return List.copyOf(stored);
  }

  @Override
  public synchronized Optional<EventRecord> appendIfAbsent(EventRecord record) {
    requireOpen();
    if (byId.containsKey(record.eventId())) {
      return Optional.empty();
    }
    return Optional.of(append(null, ExpectedVersion.any(), List.of(record)).get(0));
  }

  @Override
  public synchronized List<EventRecord> read(EventQuery query) {
    requireOpen();
    TopicPattern topic = query.topic() == null ? null : TopicPattern.compile(query.topic());
    List<EventRecord> result = new ArrayList<>();
    Iterator<EventRecord> all = records.iterator();
    while (all.hasNext() && result.size() < query.limit()) {
      EventRecord record = all.next();
      if (matches(query, topic, record)) {
        result.add(record);
      }
    }
    return result;
  }

  /** Whether {@code record} meets every criterion of {@code query} but the limit. */
  private static boolean matches(EventQuery query, TopicPattern topic, EventRecord record) {
    return record.cursor().isAfter(query.after())
        && (query.types().isEmpty() || query.types().contains(record.typeName()))
        && (query.streamId() == null || query.streamId().equals(record.streamId()))
        && (query.from() == null || !record.timestamp().isBefore(query.from()))
        && (query.until() == null || record.timestamp().isBefore(query.until()))
        && (query.correlationId() == null || query.correlationId().equals(record.correlationId()))
        && (topic == null || topic.matches(record.topic()));
  }

  @Override
  public synchronized Cursor head() {
    requireOpen();
    return Cursor.ofPosition(lastPosition);
  }

  @Override
  public SubscriptionStore subscriptions() {
    return subscriptions;
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  private synchronized void requireOpen() {
    if (closed) {
      throw new EventStoreException("the in-memory event store is closed");
    }
  }

  @Override
  public synchronized String toString() {
    return "InMemoryEventStore[" + records.size() + " events, last position " + lastPosition + "]";
  }
}
