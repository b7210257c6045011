package io.torematrix.eventbus.cli;

import io.torematrix.eventbus.Cursor;
import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.EventStore;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Shows one stored event as JSON, with its context. */
@Command(
    name = "show",
    description = {
      "Shows one stored event as JSON, with its context.",
      "By id, or by position (on PostgreSQL that reads the store through: its order is the cursor's)."
    })
final class ShowCommand extends StoreCommand {
  @Parameters(paramLabel = "POSITION|EVENT_ID", description = "the event's position or id")
  String which;

  @Override
  int run(EventStore store, PrintWriter out) {
    EventRecord record = find(store);
    if (record == null) {
      spec.commandLine().getErr().println("error: no stored event has " + (which.contains("-") ? "id " : "position ") + which);
      return EventInspector.NOT_FOUND;
    }
    out.println(PrettyJson.format(json(record)));
    return 0;
  }

  private EventRecord find(EventStore store) {
    if (which.matches("\\d{1,18}")) {
      return atPosition(store, Long.parseLong(which));
    }
    UUID id = QueryOptions.uuid(which);
    return first(store, Cursor.START, record -> record.eventId().equals(id));
  }

  /**
   * The event at {@code position}. Where writes are serialized (SQLite) the cursor is the position,
   * and one indexed read finds it; on PostgreSQL positions do not follow the store's order, so the
   * store is read through, by cursor.
   */
  private static EventRecord atPosition(EventStore store, long position) {
    if (position < 1) {
      return null;
    }
    List<EventRecord> from = store.read(EventQuery.all().after(Cursor.ofPosition(position - 1)).limit(1));
    if (from.isEmpty()) {
      return null;
    }
    EventRecord found = from.get(0);
    if (found.cursor().transaction() == 0) {
      return found.position() == position ? found : null;
    }
    return first(store, Cursor.START, record -> record.position() == position);
  }

  /** The first event after {@code after} that {@code wanted} accepts, reading page by page. */
  private static EventRecord first(EventStore store, Cursor after, Predicate<EventRecord> wanted) {
    while (true) {
      List<EventRecord> page = store.read(EventQuery.all().after(after).limit(1000));
      for (EventRecord record : page) {
        if (wanted.test(record)) {
          return record;
        }
      }
      if (page.size() < 1000) {
        return null;
      }
      after = page.get(page.size() - 1).cursor();
    }
  }

  static Map<String, Object> json(EventRecord record) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("position", record.position());
    json.put("cursor", record.cursor().toString());
    json.put("eventId", record.eventId().toString());
    json.put("type", record.typeName());
    json.put("version", record.typeVersion());
    json.put("topic", record.topic());
    json.put("timestamp", record.timestamp().toString());
    json.put("stream", record.streamId());
    json.put("streamVersion", record.streamVersion());
    json.put("correlationId", record.correlationId().toString());
    json.put("causationId", record.causationId() == null ? null : record.causationId().toString());
    json.put("headers", new LinkedHashMap<>(record.headers()));
    json.put("payload", PrettyJson.parse(record.payload()));
    return json;
  }
}
