package io.torematrix.eventbus.cli;

import io.torematrix.eventbus.Cursor;
import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.EventStore;
import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Shows the events of one correlation as a causation tree. */
@Command(name = "trace", description = "Shows the events of one correlation as a tree of which caused which.")
final class TraceCommand extends StoreCommand {
  @Parameters(paramLabel = "CORRELATION_ID", description = "the correlation id (the id of the event that started the flow)")
  String correlation;

  @Override
  int run(EventStore store, PrintWriter out) {
    UUID id = QueryOptions.uuid(correlation);
    List<EventRecord> events = new ArrayList<>();
    Cursor after = Cursor.START;
    while (true) {
      List<EventRecord> page = store.read(EventQuery.all().correlation(id).after(after).limit(1000));
      events.addAll(page);
      if (page.size() < 1000) {
        break;
      }
      after = page.get(page.size() - 1).cursor();
    }
    if (events.isEmpty()) {
      spec.commandLine().getErr().println("error: no stored event has correlation " + id);
      return EventInspector.NOT_FOUND;
    }
    Map<UUID, EventRecord> byId = new LinkedHashMap<>();
    events.forEach(e -> byId.put(e.eventId(), e));
    Map<UUID, List<EventRecord>> children = new LinkedHashMap<>();
    List<EventRecord> roots = new ArrayList<>();
    for (EventRecord event : events) {
      if (event.causationId() != null && byId.containsKey(event.causationId())) {
        children.computeIfAbsent(event.causationId(), c -> new ArrayList<>()).add(event);
      } else {
        roots.add(event);
      }
    }
    out.println("correlation " + id + ": " + events.size() + " event" + (events.size() == 1 ? "" : "s"));
    for (EventRecord root : roots) {
      print(out, root, children, "", "");
    }
    return 0;
  }

  private void print(
      PrintWriter out, EventRecord event, Map<UUID, List<EventRecord>> children, String lead, String indent) {
    out.println(
        indent
            + lead
            + printable(event.typeName())
            + " v"
            + event.typeVersion()
            + "  "
            + event.timestamp().truncatedTo(ChronoUnit.MILLIS)
            + "  #"
            + event.position()
            + "  "
            + printable(event.topic())
            + "  "
            + event.eventId());
    List<EventRecord> caused = children.getOrDefault(event.eventId(), List.of());
    String childIndent = indent + (lead.isEmpty() ? "" : lead.startsWith("└") ? "   " : "│  ");
    for (int i = 0; i < caused.size(); i++) {
      print(out, caused.get(i), children, i + 1 < caused.size() ? "├─ " : "└─ ", childIndent);
    }
  }
}
