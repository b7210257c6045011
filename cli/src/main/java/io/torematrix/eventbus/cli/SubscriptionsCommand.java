package io.torematrix.eventbus.cli;

import io.torematrix.eventbus.Cursor;
import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.spi.EventRecord;
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
      "newest event (LAG: stored events after its checkpoint), how many of its events are parked,",
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
              lag(store, state.checkpoint(), head),
              state.parked(),
              state.owner().map(StoreCommand::printable).orElse("-"),
              expires));
    }
    out.println("(" + states.size() + " durable subscription" + (states.size() == 1 ? "" : "s") + ")");
    return 0;
  }

  /** How many stored events come after {@code checkpoint}, up to {@code head}: read, not estimated. */
  static long lag(EventStore store, Cursor checkpoint, Cursor head) {
    long lag = 0;
    Cursor after = checkpoint;
    while (head.isAfter(after)) {
      List<EventRecord> page = store.read(EventQuery.all().after(after).limit(1000));
      for (EventRecord record : page) {
        if (record.cursor().isAfter(head)) {
          return lag;
        }
        lag++;
      }
      if (page.size() < 1000) {
        return lag;
      }
      after = page.get(page.size() - 1).cursor();
    }
    return lag;
  }
}
