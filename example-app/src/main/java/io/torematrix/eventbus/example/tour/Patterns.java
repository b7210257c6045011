package io.torematrix.eventbus.example.tour;

import static io.torematrix.eventbus.example.Console.heading;
import static io.torematrix.eventbus.example.Console.say;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.Subscription;
import io.torematrix.eventbus.example.accounts.Account;
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
    try (Subscription replies =
        bus.subscribe(
            Quote.class, answer::complete, SubscribeOptions.<Quote>defaults().topics("replies.till-1"))) {
      bus.publish(new PriceLookup("pen", "replies.till-1"));
      say("classic: PriceLookup(pen, replyTopic=replies.till-1) -> " + answer.join());
    }
  }

  private static void rebuildFromEvents(EventBus bus) throws InterruptedException {
    heading("8. Rebuilding an entity from its events (an ordered handler keeps the journal)");
    AccountJournal journal = new AccountJournal();
    bus.register(journal);
    bus.publish(new AccountOpened("acc-1", "ada"));
    bus.publish(new MoneyDeposited("acc-1", new BigDecimal("100.00")));
    bus.publish(new MoneyWithdrawn("acc-1", new BigDecimal("30.00")));
    bus.publish(new MoneyDeposited("acc-1", new BigDecimal("5.50")));
    bus.drain(Duration.ofSeconds(5));
    List<?> events = journal.events("acc-1");
    events.forEach(e -> say("  " + e));
    Account account = Account.replay("acc-1", journal.events("acc-1"));
    say("replayed " + events.size() + " events -> " + account);
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
