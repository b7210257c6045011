package io.torematrix.eventbus.cli;

import io.torematrix.eventbus.Cursor;
import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.EventStore;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Prints new events as they are stored, until interrupted. It pages by cursor, the last one it
 * printed, so that on PostgreSQL an event a slower transaction commits later is printed when it
 * commits, never skipped.
 */
@Command(
    name = "follow",
    description = {
      "Prints new events as they are stored, until interrupted.",
      "Starts at the newest event, or at the beginning (--from-start), or after a cursor (--after)."
    })
final class FollowCommand extends StoreCommand {
  @Mixin QueryOptions filters;

  @Option(names = "--from-start", description = "print the stored events first, then follow")
  boolean fromStart;

  @Option(names = "--poll", paramLabel = "MILLIS", defaultValue = "500", description = "how often to look for new events (default ${DEFAULT-VALUE} ms)")
  long pollMillis;

  @Option(names = "--max", paramLabel = "N", defaultValue = "0", description = "stop after N events (0: never)")
  long max;

  @Option(names = "--for", paramLabel = "DURATION", description = "stop after this long, ISO-8601 (PT30S)")
  Duration duration;

  @Override
  int run(EventStore store, PrintWriter out) throws InterruptedException {
    if (fromStart && filters.hasAfter()) {
      throw new InspectorException("--from-start and --after both say where to start: give one");
    }
    if (pollMillis < 1) {
      throw new InspectorException("--poll must be at least 1 ms, not " + pollMillis);
    }
    EventQuery query = filters.query();
    Cursor after = filters.hasAfter() || fromStart ? query.after() : store.head();
    long printed = 0;
    long deadline = duration == null ? 0 : System.nanoTime() + duration.toNanos();
    out.println(header());
    out.flush();
    while (duration == null || System.nanoTime() - deadline < 0) {
      List<EventRecord> page = store.read(query.after(after).limit(1000));
      for (EventRecord record : page) {
        out.println(row(record));
        after = record.cursor();
        if (++printed == max) {
          out.flush();
          return 0;
        }
      }
      out.flush();
      if (page.size() < 1000) {
        Thread.sleep(pollMillis);
      }
    }
    return 0;
  }
}
