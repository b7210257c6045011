package io.torematrix.eventbus.cli;

import io.torematrix.eventbus.Cursor;
import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.EventStore;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Counts stored events by type and by topic. */
@Command(name = "counts", description = "Counts stored events by type and by topic.")
final class CountsCommand extends StoreCommand {
  @Mixin QueryOptions filters;

  @Override
  int run(EventStore store, PrintWriter out) {
    Map<String, Long> byType = new TreeMap<>();
    Map<String, Long> byTopic = new TreeMap<>();
    long total = 0;
    EventQuery query = filters.query();
    Cursor after = query.after();
    while (true) {
      List<EventRecord> page = store.read(query.after(after).limit(1000));
      for (EventRecord record : page) {
        byType.merge(record.typeName(), 1L, Long::sum);
        byTopic.merge(record.topic(), 1L, Long::sum);
        total++;
      }
      if (page.size() < 1000) {
        break;
      }
      after = page.get(page.size() - 1).cursor();
    }
    print(out, "TYPE", byType);
    out.println();
    print(out, "TOPIC", byTopic);
    out.println();
    out.println(String.format("%-40s %8d", "total", total));
    return 0;
  }

  private static void print(PrintWriter out, String title, Map<String, Long> counts) {
    out.println(String.format("%-40s %8s", title, "EVENTS"));
    counts.forEach((key, count) -> out.println(String.format("%-40s %8d", key, count)));
  }
}
