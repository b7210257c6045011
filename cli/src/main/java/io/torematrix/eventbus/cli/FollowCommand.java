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

/** Prints new events as they are stored, until interrupted. */
@Command(name = "follow", description = "Prints new events as they are stored, until interrupted.")
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
    EventQuery query = filters.query();
    Cursor after = fromStart || query.after().isAfter(store.head()) ? query.after() : store.head(); // SKELETON: review
    long printed = 0;
    long deadline = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
    out.println(header());
    out.flush();
    while (System.nanoTime() < deadline) {
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
