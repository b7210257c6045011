package io.torematrix.eventbus.cli;

import io.torematrix.eventbus.Cursor;
import io.torematrix.eventbus.spi.EventStore;
import io.torematrix.eventbus.spi.SubscriptionState;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import picocli.CommandLine.Command;

/** Lists the store's durable subscriptions: checkpoint, lag, parked events, lease. */
@Command(
    name = "subscriptions",
    description = {
      "Lists the store's durable subscriptions: where each is (its checkpoint), how far behind the",
      "newest event (LAG: events stored after its checkpoint, by global position: exact on SQLite,",
      "an estimate on PostgreSQL), how many of its events are parked,",
      "and who holds its lease until when."
    })
final class SubscriptionsCommand extends StoreCommand {
  static final String ROW = "%-32s  %14s  %8s  %6s  %-32s  %s";

  @Override
  int run(EventStore store, PrintWriter out) {
    List<SubscriptionState> states = store.subscriptions().states();
    Cursor head = store.head();
    Instant now = Instant.now();
    out.println(String.format(ROW, "SUBSCRIPTION", "CHECKPOINT", "LAG", "PARKED", "HOLDER", "LEASE EXPIRES"));
    for (SubscriptionState state : states) {
      String expires =
          state.leaseExpiresAt()
              .map(at -> at.truncatedTo(ChronoUnit.MILLIS) + (at.isAfter(now) ? "" : " (expired)"))
              .orElse("-");
      out.println(
          String.format(
              ROW,
              state.subscription(),
              state.checkpoint(),
              state.lag(head),
              state.parked(),
              state.owner().map(StoreCommand::printable).orElse("-"),
              expires));
    }
    out.println("(" + states.size() + " durable subscription" + (states.size() == 1 ? "" : "s") + ")");
    return 0;
  }
}
