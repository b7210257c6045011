package io.torematrix.eventbus.cli;

import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.EventStore;
import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that reads a store: opens it, runs, closes it. */
abstract class StoreCommand implements Callable<Integer> {
  static final String ROW = "%8s  %-24s  %-28s  %-28s  %-12s  %s";

  @ArgGroup(exclusive = true, multiplicity = "1")
  StoreOptions.Source source;

  @Spec CommandSpec spec;

  @Override
  public final Integer call() throws Exception {
    StoreOptions options = new StoreOptions();
    options.source = source;
    try (EventStore store = options.open()) {
      return run(store, spec.commandLine().getOut());
    }
  }

  /** Does the command's work; returns the exit code. */
  abstract int run(EventStore store, PrintWriter out) throws Exception;

  static String header() {
    return String.format(ROW, "POSITION", "PUBLISHED", "TYPE", "TOPIC", "STREAM", "EVENT ID");
  }

  static String row(EventRecord record) {
    return String.format(
        ROW,
        record.position(),
        record.timestamp().truncatedTo(ChronoUnit.MILLIS),
        record.typeName() + " v" + record.typeVersion(),
        record.topic(),
        record.streamId() == null ? "-" : record.streamId() + "@" + record.streamVersion(),
        record.eventId());
  }
}
