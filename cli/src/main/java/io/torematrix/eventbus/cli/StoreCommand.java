package io.torematrix.eventbus.cli;

import io.torematrix.eventbus.EventStoreException;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.EventStore;
import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that works on a store: opens it, runs, closes it. */
abstract class StoreCommand implements Callable<Integer> {
  static final String ROW = "%10s  %-24s  %-28s  %-28s  %-12s  %s";

  @ArgGroup(exclusive = true, multiplicity = "1")
  StoreOptions.Source source;

  @Mixin StoreOptions store = new StoreOptions();

  @Spec CommandSpec spec;

  @Override
  public final Integer call() throws Exception {
    return open(store, source, spec.commandLine().getOut(), this::run);
  }

  /** Does the command's work; returns the exit code. */
  abstract int run(EventStore store, PrintWriter out) throws Exception;

  /** A command's work on an open store. */
  interface Work {
    int run(EventStore store, PrintWriter out) throws Exception;
  }

  /** Opens the store {@code source} and {@code options} name, read-only, runs {@code work} and closes it. */
  static int open(StoreOptions options, StoreOptions.Source source, PrintWriter out, Work work) throws Exception {
    options.source = source;
    try (EventStore opened = options.open()) {
      return work.run(opened, out);
    } catch (StackOverflowError e) {
      throw new EventStoreException("a stored event is nested too deeply to print (" + e + ")", e);
    }
  }

  static String header() {
    return String.format(ROW, "CURSOR", "PUBLISHED", "TYPE", "TOPIC", "STREAM", "EVENT ID");
  }

  static String row(EventRecord record) {
    return String.format(
        ROW,
        record.cursor(),
        record.timestamp().truncatedTo(ChronoUnit.MILLIS),
        printable(record.typeName()) + " v" + record.typeVersion(),
        printable(record.topic()),
        record.streamId() == null ? "-" : printable(record.streamId()) + "@" + record.streamVersion(),
        record.eventId());
  }

  /**
   * {@code text} safe for a terminal line: control characters (a stored row is input, and could
   * hold line breaks or escape sequences) and lone surrogates as {@code \\uXXXX} escapes.
   */
  static String printable(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean lone =
          Character.isSurrogate(c)
              && !(Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1)))
              && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1)));
      if (Character.isISOControl(c) || lone) {
        if (out == null) {
          out = new StringBuilder(text.length() + 8).append(text, 0, i);
        }
        out.append(String.format("\\u%04x", (int) c));
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? text : out.toString();
  }
}
