package io.torematrix.eventbus.example.tour;

import static io.torematrix.eventbus.example.Console.heading;
import static io.torematrix.eventbus.example.Console.say;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.ExpectedVersion;
import io.torematrix.eventbus.Folded;
import io.torematrix.eventbus.PublishOptions;
import io.torematrix.eventbus.ReplayResult;
import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.Subscription;
import io.torematrix.eventbus.example.accounts.Account;
import io.torematrix.eventbus.example.accounts.AccountEvent;
import io.torematrix.eventbus.example.accounts.AccountJournal;
import io.torematrix.eventbus.example.accounts.AccountOpened;
import io.torematrix.eventbus.example.accounts.MoneyDeposited;
import io.torematrix.eventbus.example.accounts.MoneyWithdrawn;
import io.torematrix.eventbus.example.pricing.PriceDesk;
import io.torematrix.eventbus.example.pricing.PriceLookup;
import io.torematrix.eventbus.example.pricing.Quote;
import io.torematrix.eventbus.example.pricing.QuoteRequested;
import io.torematrix.eventbus.example.workflow.Fulfilment;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/** The three patterns of the design: request-response, an entity from its events, a workflow. */
public final class Patterns {
  private Patterns() {}

  public static void run(EventBus bus) throws Exception {
    requestResponse(bus);
    rebuildFromEvents(bus);
    workflow(bus);
  }

  private static void requestResponse(EventBus bus) {
    heading("7. Request-response: the reply travels on a unique reply topic");
    bus.register(new PriceDesk(bus));
    Quote quote =
        bus.request(new QuoteRequested("book", 3), Quote.class, Duration.ofSeconds(2))
            .toCompletableFuture()
            .join();
    say("request(QuoteRequested(book, 3)) -> " + quote);
    try {
      bus.request(new QuoteRequested("unicorn", 1), Quote.class, Duration.ofMillis(200))
          .toCompletableFuture()
          .join();
    } catch (CompletionException e) {
      say("request(QuoteRequested(unicorn, 1)) -> " + e.getCause());
    }
    CompletableFuture<Quote> answer = new CompletableFuture<>();
    Subscription replies =
        bus.subscribe(
            Quote.class, answer::complete, SubscribeOptions.defaults().topics("replies.till-1"));
    try {
      bus.publish(new PriceLookup("pen", "replies.till-1"));
      say("classic: PriceLookup(pen, replyTopic=replies.till-1) -> " + answer.join());
    } finally {
      replies.close();
    }
  }

  private static void rebuildFromEvents(EventBus bus) throws InterruptedException {
    heading("8. Rebuilding an entity from its stream in the store, guarded by its version");
    bus.register(new AccountJournal());
    Folded<Account> before =
        bus.history().fold("acc-1", AccountEvent.class, Account.none("acc-1"), Account::apply)
            .toCompletableFuture()
            .join();
    say("folded stream acc-1 before this run: " + before.state() + " at version " + before.version());
    long version = before.version();
    if (version == 0) {
      version = append(bus, new AccountOpened("acc-1", "ada"), version);
    }
    version = append(bus, new MoneyDeposited("acc-1", new BigDecimal("100.00")), version);
    version = append(bus, new MoneyWithdrawn("acc-1", new BigDecimal("30.00")), version);
    try {
      append(bus, new MoneyWithdrawn("acc-1", new BigDecimal("999.00")), version - 1);
    } catch (CompletionException stale) {
      say("a writer holding a stale version is refused: " + stale.getCause().getMessage());
    }
    Folded<Account> after =
        bus.history().fold("acc-1", AccountEvent.class, Account.none("acc-1"), Account::apply)
            .toCompletableFuture()
            .join();
    say("folded again: " + after.state() + " at version " + after.version());
    AccountJournal journal = new AccountJournal();
    ReplayResult replayed =
        bus.history().replay(EventQuery.all().streamId("acc-1"), journal).toCompletableFuture().join();
    say("replayed " + replayed.events() + " stored events into a fresh AccountJournal: "
        + Account.replay("acc-1", journal.events("acc-1")));
  }

  /** Publishes the next event of acc-1, expecting the stream at {@code version}. */
  private static long append(EventBus bus, AccountEvent event, long version) {
    bus.publish(event, PublishOptions.defaults().streamId("acc-1", ExpectedVersion.exactly(version)))
        .toCompletableFuture()
        .join();
    return version + 1;
  }

  private static void workflow(EventBus bus) throws Exception {
    heading("9. A workflow whose steps publish StepCompleted events");
    Fulfilment fulfilment = new Fulfilment(bus);
    bus.register(fulfilment);
    List<EventContext> trail = fulfilment.start("wf-1", "o-1").get(5, TimeUnit.SECONDS);
    EventContext first = trail.get(0);
    for (EventContext step : trail) {
      say(
          "StepCompleted "
              + step.eventId().toString().substring(0, 18)
              + " caused by "
              + step.causationId().map(c -> c.toString().substring(0, 18)).orElse("-")
              + (step.correlationId().equals(first.correlationId()) ? ", same correlation" : ""));
    }
  }
}
