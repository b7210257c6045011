package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.Cursor;
import io.torematrix.eventbus.DeadEvent;
import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.EventStoreException;
import io.torematrix.eventbus.ExpectedVersion;
import io.torematrix.eventbus.StoredEvent;
import io.torematrix.eventbus.codec.EventCodec;
import io.torematrix.eventbus.codec.JsonEventCodec;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.EventStore;
import io.torematrix.eventbus.spi.EventTypeInfo;
import io.torematrix.eventbus.spi.SubscriptionStore;
import java.util.List;
import java.util.function.Consumer;

/**
 * The bus's side of its store: encodes published events into records and appends them, and reads
 * records back into events of the current version, through the type registry (names, never class
 * names) and the codec.
 */
final class Storage {
  private static final int PAGE = 1000;

  private final EventStore store;
  private final EventCodec codec;
  private final EventTypes types;
  /** Told of each published event once it is appended. */
  final StoredListeners stored = new StoredListeners();

  private Storage(EventStore store, EventCodec codec, EventTypes types) {
    this.store = store;
    this.codec = codec;
    this.types = types;
  }

  /**
   * The storage of the builder's store, with its codec (by default JSON with its upcasters), or
   * {@code null} if it has no store.
   */
  static Storage from(BusBuilder builder, EventTypes types) {
    if (builder.store == null) {
      return null;
    }
    EventCodec codec =
        builder.codec != null ? builder.codec : new JsonEventCodec(List.copyOf(builder.upcasters));
    return new Storage(builder.store, codec, types);
  }

  /** Whether events of {@code type} are stored; the bus's own {@code DeadEvent}s are not. */
  boolean stores(EventType type) {
    return type.info().type() != DeadEvent.class;
  }

  /**
   * Encodes and appends one published event before any handler sees it.
   *
   * @throws RuntimeException the store's or the codec's failure; nothing was stored
   */
  void append(Object event, EventType type, EventContext context, String streamId, ExpectedVersion expected) {
    byte[] payload;
    try {
      payload = codec.encode(event, type.info());
    } catch (RuntimeException e) {
      throw new EventStoreException(
          "could not encode " + context.typeName() + " event " + context.eventId() + ": " + e.getMessage(), e);
    }
    EventRecord record =
        new EventRecord(
            0,
            context.eventId(),
            null,
            0,
            context.typeName(),
            context.typeVersion(),
            context.topic(),
            context.timestamp(),
            context.correlationId(),
            context.causationId().orElse(null),
            context.headers(),
            payload);
    store.append(streamId, expected, List.of(record));
    stored.eventStored();
  }

  /**
   * Appends a record received from another bus unless its event id is stored already.
   * @return whether this call stored it
   * @throws RuntimeException the store's failure; nothing was stored
   */
  boolean appendReceived(EventRecord record) {
    return store.appendIfAbsent(record).isPresent();
  }

  /**
   * Reads what {@code query} selects, page by page, decoding each record for {@code action}.
   *
   * @return the number of events read
   * @throws EventStoreException if the store cannot be read or a record cannot be decoded (naming
   *     its position)
   */
  long forEach(EventQuery query, boolean replay, Consumer<StoredEvent> action) {
    long read = 0;
    int remaining = query.limit();
    Cursor after = query.after();
    while (remaining > 0) {
      List<EventRecord> page = store.read(query.after(after).limit(Math.min(PAGE, remaining)));
      for (EventRecord record : page) {
        action.accept(decode(record, replay));
        read++;
      }
      if (page.size() < Math.min(PAGE, remaining)) {
        return read;
      }
      remaining -= page.size();
      after = page.get(page.size() - 1).cursor();
    }
    return read;
  }

  /** The records {@code query} selects, as the store returns them (one page). */
  List<EventRecord> read(EventQuery query) {
    return store.read(query);
  }

  /** The cursor of the last record a read can return now. */
  Cursor head() {
    return store.head();
  }

  /** The store's durable subscriptions. */
  SubscriptionStore subscriptions() {
    return store.subscriptions();
  }

  /** Decodes one record; its context is marked as a replay when {@code replay}. */
  StoredEvent decode(EventRecord record, boolean replay) {
    EventType type = types.findByName(record.typeName());
    if (type == null) {
      throw new EventStoreException(
          where(record)
              + " has type \""
              + record.typeName()
              + "\", which no @Event type of this application is named: it was renamed or removed,"
              + " or its module is missing from the class path");
    }
    EventTypeInfo info = type.info();
    if (record.typeVersion() > info.version()) {
      throw new EventStoreException(
          where(record)
              + " is version "
              + record.typeVersion()
              + " of "
              + record.typeName()
              + ", newer than version "
              + info.version()
              + " that this code knows: run a newer version of the application to read it");
    }
    Object event;
    try {
      event = codec.decode(record.payload(), record.typeVersion(), info);
    } catch (RuntimeException e) {
      throw undecodable(record, e.getMessage(), e);
    }
    if (!info.type().isInstance(event)) { // null included: what a codec returns is input too
      throw undecodable(
          record,
          "the codec "
              + codec.getClass().getName()
              + " returned "
              + (event == null ? "null" : "a " + event.getClass().getName())
              + ", not a "
              + info.type().getName(),
          null);
    }
    EventContext context =
        EventContext.builder()
            .eventId(record.eventId())
            .timestamp(record.timestamp())
            .topic(record.topic())
            .type(record.typeName(), record.typeVersion())
            .correlationId(record.correlationId())
            .causationId(record.causationId())
            .headers(record.headers())
            .replay(replay)
            .build();
    return new StoredEvent(record.cursor(), record.streamId(), record.streamVersion(), event, context);
  }

  /** Names {@code record} in messages: by position once stored, by id when received. */
  private static EventStoreException undecodable(EventRecord record, String why, Throwable cause) {
    return new EventStoreException(
        where(record)
            + " ("
            + record.typeName()
            + " v"
            + record.typeVersion()
            + ", id "
            + record.eventId()
            + ") cannot be decoded: "
            + why,
        cause);
  }

  private static String where(EventRecord record) {
    return record.position() > 0
        ? "the stored event at position " + record.position()
        : "the received event " + record.eventId();
  }

  void close() {
    store.close();
  }
}
