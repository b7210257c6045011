package io.torematrix.eventbus.cli;

import io.torematrix.eventbus.annotation.DurableNames;
import io.torematrix.eventbus.spi.EventStore;
import io.torematrix.eventbus.spi.ParkedEvent;
import io.torematrix.eventbus.spi.SubscriptionState;
import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Lists the events durable subscriptions parked; its subcommands {@code retry} and {@code discard}
 * are the inspector's only commands that write. (The store options are optional here so that
 * picocli does not ask for them before a subcommand, which has its own; listing still needs one.)
 */
@Command(
    name = "parked",
    description = {
      "Lists the events durable subscriptions gave up on (parked), oldest first, with their last error.",
      "Reads only. To act on one, 'parked retry' or 'parked discard': the only commands that write."
    },
    subcommands = {ParkedCommand.Retry.class, ParkedCommand.Discard.class})
final class ParkedCommand implements Callable<Integer> {
  static final String ROW = "%-24s  %10s  %-36s  %-24s  %8s  %-24s  %-15s  %s";
  /** The most characters of an error's first line in the list. */
  static final int ERROR_WIDTH = 100;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  StoreOptions.Source source;

  @Mixin StoreOptions store = new StoreOptions();

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "SUBSCRIPTION", arity = "0..1", description = "only this durable subscription's (default: every one's)")
  String subscription;

  @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "100", description = "at most N per subscription (default ${DEFAULT-VALUE})")
  int limit;

  @Option(names = "--errors", description = "print each error in full (up to 8 KiB, stack trace included) below its event")
  boolean errors;

  @Override
  public Integer call() throws Exception {
    if (source == null) {
      throw new ParameterException(
          spec.commandLine(), "Missing required argument (specify one of these): (--sqlite=FILE | --postgres=JDBC_URL)");
    }
    if (limit < 1) {
      throw new InspectorException("--limit must be at least 1, not " + limit);
    }
    if (subscription != null) {
      DurableNames.requireValid(subscription);
    }
    return StoreCommand.open(store, source, spec.commandLine().getOut(), this::list);
  }

  private int list(EventStore store, PrintWriter out) {
    List<SubscriptionState> states = store.subscriptions().states();
    List<String> names = new ArrayList<>();
    for (SubscriptionState state : states) {
      if (subscription == null || state.subscription().equals(subscription)) {
        names.add(state.subscription());
      }
    }
    if (subscription != null && names.isEmpty()) {
      spec.commandLine().getErr().println("error: the store has no durable subscription " + subscription);
      return EventInspector.NOT_FOUND;
    }
    out.println(String.format(ROW, "SUBSCRIPTION", "CURSOR", "EVENT ID", "TYPE", "ATTEMPTS", "PARKED AT", "STATUS", "ERROR"));
    int count = 0;
    for (String name : names) {
      for (ParkedEvent parked : store.subscriptions().parked(name, limit)) {
        out.println(
            String.format(
                ROW,
                name,
                parked.record().cursor(),
                parked.record().eventId(),
                StoreCommand.printable(parked.record().typeName()) + " v" + parked.record().typeVersion(),
                parked.attempts(),
                parked.parkedAt().truncatedTo(ChronoUnit.MILLIS),
                parked.status(),
                firstLine(parked.error())));
        if (errors) {
          parked.error().lines().forEach(line -> out.println("    " + StoreCommand.printable(line.replace("\t", "    "))));
        }
        count++;
      }
    }
    out.println("(" + count + " parked event" + (count == 1 ? "" : "s") + ")");
    return 0;
  }

  private static String firstLine(String error) {
    String line = StoreCommand.printable(error.lines().findFirst().orElse(""));
    return line.length() <= ERROR_WIDTH ? line : line.substring(0, ERROR_WIDTH - 3) + "...";
  }

  /** The shape of {@code retry} and {@code discard}: a subscription and an event id. */
  abstract static class Decision extends StoreCommand {
    @Parameters(index = "0", paramLabel = "SUBSCRIPTION", description = "the durable subscription")
    String subscription;

    @Parameters(index = "1", paramLabel = "EVENT_ID", description = "the parked event's id")
    String eventId;

    @Override
    final int run(EventStore store, PrintWriter out) {
      DurableNames.requireValid(subscription);
      UUID id = QueryOptions.uuid(eventId);
      if (!decide(store, subscription, id)) {
        spec.commandLine().getErr().println("error: durable subscription " + subscription + " has no parked event " + id);
        return EventInspector.NOT_FOUND;
      }
      out.println(done(subscription, id));
      return 0;
    }

    abstract boolean decide(EventStore store, String subscription, UUID eventId);

    abstract String done(String subscription, UUID eventId);
  }

  @Command(
      name = "retry",
      description = {
        "Marks a parked event for another attempt: the subscription's holder delivers it again next.",
        "WRITES: it changes that event's row in the store's parked table, and nothing else: no schema, no event."
      })
  static final class Retry extends Decision {
    @Override
    boolean decide(EventStore store, String subscription, UUID eventId) {
      return store.subscriptions().requestRetry(subscription, eventId);
    }

    @Override
    String done(String subscription, UUID eventId) {
      return "retry requested: durable subscription " + subscription + " delivers event " + eventId + " again next";
    }
  }

  @Command(
      name = "discard",
      description = {
        "Removes a parked event for good: it is not delivered to that subscription again (it stays stored).",
        "WRITES: it deletes that event's row in the store's parked table, and nothing else: no schema, no event."
      })
  static final class Discard extends Decision {
    @Override
    boolean decide(EventStore store, String subscription, UUID eventId) {
      return store.subscriptions().discard(subscription, eventId);
    }

    @Override
    String done(String subscription, UUID eventId) {
      return "discarded: durable subscription " + subscription + " will not be given event " + eventId + " again";
    }
  }
}
