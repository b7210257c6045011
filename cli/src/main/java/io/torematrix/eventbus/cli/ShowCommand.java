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
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Shows one stored event as JSON, with its context. */
@Command(name = "show", description = "Shows one stored event as JSON, with its context.")
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
    if (which.matches("\\d+")) {
      long position = Long.parseLong(which);
      // SKELETON: on PostgreSQL position order is not cursor order; the store task finds by position
      List<EventRecord> found = store.read(EventQuery.all().after(Cursor.ofPosition(position - 1)).limit(1));
      return found.isEmpty() || found.get(0).position() != position ? null : found.get(0);
    }
    UUID id = QueryOptions.uuid(which);
    Cursor after = Cursor.START;
    while (true) {
      List<EventRecord> page = store.read(EventQuery.all().after(after).limit(1000));
      for (EventRecord record : page) {
        if (record.eventId().equals(id)) {
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
