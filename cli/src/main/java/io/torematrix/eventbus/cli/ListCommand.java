package io.torematrix.eventbus.cli;

import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.EventStore;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Lists stored events, oldest first. */
@Command(name = "list", description = "Lists stored events, oldest first.")
final class ListCommand extends StoreCommand {
  @Mixin QueryOptions filters;

  @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "50", description = "at most N events (default ${DEFAULT-VALUE})")
  int limit;

  @Override
  int run(EventStore store, PrintWriter out) {
    if (limit < 1) {
      throw new InspectorException("--limit must be at least 1, not " + limit);
    }
    List<EventRecord> records = store.read(filters.query().limit(limit));
    out.println(header());
    records.forEach(r -> out.println(row(r)));
    out.println("(" + records.size() + " event" + (records.size() == 1 ? "" : "s") + ")");
    return 0;
  }
}
