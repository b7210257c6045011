package io.torematrix.eventbus;

import io.torematrix.eventbus.internal.InMemoryEventStore;
import io.torematrix.eventbus.spi.EventStore;

/**
 * The stores the runtime provides. For a durable one, see {@code JdbcEventStores} in {@code
 * eventbus-store-jdbc} (SQLite, PostgreSQL).
 */
public final class EventStores {
  private EventStores() {}

  /**
   * An unbounded store in memory: fast, for tests and for processes that may lose history.
   *
   * @return a new, empty store
   */
  public static EventStore inMemory() {
    return new InMemoryEventStore(Integer.MAX_VALUE);
  }

  /**
   * A store in memory holding at most {@code capacity} events. When full, appending evicts the
   * oldest events: reads no longer return them, and an evicted event's id appended again is
   * stored again; stream versions stay known, so expected-version checks keep working.
   *
   * @param capacity the most events kept, 1 and up
   * @return a new, empty store
   * @throws IllegalArgumentException if {@code capacity} is below 1
   */
  public static EventStore inMemory(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1 but was " + capacity);
    }
    return new InMemoryEventStore(capacity);
  }
}
