package io.torematrix.eventbus.spi;

import io.torematrix.eventbus.Cursor;
import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.EventStoreException;
import io.torematrix.eventbus.ExpectedVersion;
import io.torematrix.eventbus.WrongExpectedVersionException;
import java.util.List;
import java.util.Optional;

/**
 * Where a bus keeps its events. Implementations: {@code EventStores.inMemory()} in the runtime,
 * and SQLite and PostgreSQL in {@code eventbus-store-jdbc}; one contract test suite checks them
 * all. Methods are blocking and thread-safe.
 */
public interface EventStore extends AutoCloseable {

  /**
   * Appends {@code records} atomically, in order: all are stored, or none.
   *
   * <p>With a {@code streamId}, they get the next versions of that stream, provided {@code
   * expected} holds; without one, {@code expected} must be {@link ExpectedVersion#any()}. A record
   * whose event id is already stored is not stored again: the stored one is returned in its place.
   *
   * @return the records as stored, with positions (and stream versions), in the order given
   * @throws WrongExpectedVersionException if the stream is not at the expected version
   * @throws EventStoreException if the store cannot be written
   */
  List<EventRecord> append(String streamId, ExpectedVersion expected, List<EventRecord> records);

  /**
   * Appends {@code record}, outside any stream, unless an event with its id is stored already,
   * and says which happened: what a bridge importing events from other nodes needs, to store and
   * deliver each event once however often it arrives. Atomic: of two concurrent calls with one
   * event id, one stores it and the other finds it stored. A bounded in-memory store remembers only
   * the ids it still holds.
   *
   * <p>The default throws {@link UnsupportedOperationException}; the in-memory, SQLite and
   * PostgreSQL stores implement it.
   *
   * @param record the record to append; its position, stream and transaction are ignored
   * @return the record as stored (with its cursor) if this call stored it; empty if an event with
   *     its id was stored before, in which case nothing was written
   * @throws EventStoreException if the store cannot be written; nothing was stored
   * @throws IllegalArgumentException if the record cannot be stored exactly (see {@link
   *     StorableText})
   * @throws UnsupportedOperationException if the store does not implement it
   */
  default Optional<EventRecord> appendIfAbsent(EventRecord record) {
    throw new UnsupportedOperationException(
        getClass().getName() + " cannot append an event unless its id is stored already");
  }

  /**
   * Reads the records {@code query} selects, in the store's global order: by {@link Cursor}. The
   * query is evaluated by the store. A read never skips a committed record: a record it does not
   * return (because its transaction had not committed, or was still hidden behind one in flight)
   * has a cursor above the last one returned, so a reader that resumes with {@link
   * EventQuery#after(Cursor)} the last cursor it read sees it later.
   *
   * @throws EventStoreException if the store cannot be read
   */
  List<EventRecord> read(EventQuery query);

  /**
   * The cursor of the last record a read can return now, or {@link Cursor#START} when there is
   * none: where a durable subscription that starts "at the head" begins, and what its lag is
   * measured against.
   *
   * @throws EventStoreException if the store cannot be read
   */
  Cursor head();

  /**
   * The durable subscriptions' checkpoints, leases and parked events, kept beside the events: the
   * same object for the life of the store.
   */
  SubscriptionStore subscriptions();

  /**
   * Releases the store's resources; appending or reading afterwards fails with {@link
   * EventStoreException}. Closing is idempotent: once a call
   * has returned, further calls, from any thread, do nothing. A bus closes its store when it
   * closes.
   */
  @Override
  void close();
}
