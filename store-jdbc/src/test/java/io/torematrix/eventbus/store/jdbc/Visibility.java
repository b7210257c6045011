package io.torematrix.eventbus.store.jdbc;

import io.torematrix.eventbus.Cursor;
import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.ExpectedVersion;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.EventStore;
import io.torematrix.eventbus.spi.SubscriptionStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Tests' patience with PostgreSQL's visibility rule: a committed event is returned by reads only
 * once every older transaction of the server (of any of its databases) has ended, so a read right
 * after an append can miss it while someone else's transaction is open. These helpers wait for it,
 * for at most {@link #WAIT}, instead of assuming it is immediate.
 */
final class Visibility {
  /** The longest wait for an appended event to become visible. */
  static final Duration WAIT = Duration.ofSeconds(20);

  private Visibility() {}

  /** Waits until {@code store}'s head is at or after {@code cursor}; fails after {@link #WAIT}. */
  static void await(EventStore store, Cursor cursor) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (cursor.isAfter(store.head())) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(
            cursor + " is still not visible after " + WAIT + " (head " + store.head() + "): a transaction"
                + " of the server stayed open that long");
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + cursor, e);
      }
    }
  }

  /** {@code store}, whose {@code append} returns once what it appended is visible to reads. */
  static EventStore awaitingAppends(EventStore store) {
    return new EventStore() {
      @Override
      public List<EventRecord> append(String streamId, ExpectedVersion expected, List<EventRecord> records) {
        List<EventRecord> stored = store.append(streamId, expected, records);
        stored.stream().map(EventRecord::cursor).max(Cursor::compareTo).ifPresent(last -> await(store, last));
        return stored;
      }

      @Override
      public Optional<EventRecord> appendIfAbsent(EventRecord record) {
        Optional<EventRecord> stored = store.appendIfAbsent(record);
        stored.ifPresent(appended -> await(store, appended.cursor()));
        return stored;
      }

      @Override
      public List<EventRecord> read(EventQuery query) {
        return store.read(query);
      }

      @Override
      public Cursor head() {
        return store.head();
      }

      @Override
      public SubscriptionStore subscriptions() {
        return store.subscriptions();
      }

      @Override
      public void close() {
        store.close();
      }

      @Override
      public String toString() {
        return store.toString();
      }
    };
  }
}
