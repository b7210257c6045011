package io.torematrix.eventbus.example.tour;

import static io.torematrix.eventbus.example.Console.heading;
import static io.torematrix.eventbus.example.Console.say;

import io.torematrix.eventbus.DurableSubscriptionStatus;
import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.example.listeners.SalesLedger;
import java.util.Optional;

/**
 * A durable projection, {@link SalesLedger}: at the start of the tour it says where the last run
 * left it, at the end what it handled in this run and where its checkpoint is now.
 */
public final class Durability {
  private static final String NAME = "sales-ledger";

  private Durability() {}

  /** Shows where the projection stands in the file, then registers it. */
  public static SalesLedger begin(EventBus bus) {
    heading("0b. A durable projection keeps its place in the SQLite file");
    Optional<DurableSubscriptionStatus> before = bus.durable().status(NAME);
    if (before.isEmpty()) {
      say(NAME + " is new: it starts at the beginning of the file and receives every stored order");
    } else {
      say(NAME + " resumes after position " + before.get().checkpoint()
          + ", where the last run left it: it receives only the orders stored since");
    }
    SalesLedger ledger = new SalesLedger();
    bus.register(ledger);
    say("registered SalesLedger: @Subscribe(durable = \"" + NAME + "\", startAt = DurableStart.BEGINNING)");
    return ledger;
  }

  /** Once the bus drained: what the projection handled in this run, and its checkpoint. */
  public static void end(EventBus bus, SalesLedger ledger) {
    heading("14b. The durable projection: what " + NAME + " handled in this run");
    DurableSubscriptionStatus status = bus.durable().status(NAME).orElseThrow();
    say(NAME + " handled " + ledger.orders().size() + " orders in this run, worth " + ledger.revenue()
        + ": " + ledger.orders());
    say("checkpoint now at position " + status.checkpoint() + ", lag " + status.lag() + ", parked "
        + status.parked() + "; run the tour again and it resumes from here");
  }
}
