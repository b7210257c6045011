package io.torematrix.eventbus.it;

import static io.torematrix.eventbus.it.Buses.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.annotation.Event;
import io.torematrix.eventbus.annotation.Subscribe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Request-response through a unique reply topic, and the explicit reply-topic pattern. */
class RequestReplyTest {
  private final EventBus bus = EventBus.create();

  @AfterEach
  void close() {
    bus.close();
  }

  @Event(name = "quote.requested")
  record QuoteRequested(String item, int quantity) {}

  @Event(name = "quote")
  record Quote(String item, long cents) {}

  @Event(name = "price.lookup")
  record PriceLookup(String item, String answerTopic) {}

  static class PriceDesk {
    final EventBus bus;

    PriceDesk(EventBus bus) {
      this.bus = bus;
    }

    @Subscribe
    void quote(QuoteRequested request, EventContext context) {
      bus.reply(context, new Quote(request.item(), 250L * request.quantity()));
    }

    @Subscribe
    void lookup(PriceLookup lookup) {
      bus.publish(new Quote(lookup.item(), 250), lookup.answerTopic());
    }
  }

  @Test
  void aRequestReceivesTheReplyPublishedOnItsReplyTopic() {
    bus.register(new PriceDesk(bus));

    Quote quote =
        bus.request(new QuoteRequested("book", 3), Quote.class, Duration.ofSeconds(5))
            .toCompletableFuture()
            .join();

    assertEquals(new Quote("book", 750), quote);
  }

  @Test
  void aRequestMayWaitLongerThanNanosecondsCanCount() {
    bus.register(new PriceDesk(bus));

    Quote quote =
        bus.request(new QuoteRequested("book", 1), Quote.class, ChronoUnit.FOREVER.getDuration())
            .toCompletableFuture()
            .join();

    assertEquals(new Quote("book", 250), quote);
  }

  @Test
  void aRequestNobodyAnswersTimesOutClearly() {
    bus.subscribe(QuoteRequested.class, request -> {});

    CompletableFuture<Quote> reply =
        bus.request(new QuoteRequested("book", 1), Quote.class, Duration.ofMillis(100))
            .toCompletableFuture();

    ExecutionException e = assertThrows(ExecutionException.class, () -> reply.get(10, TimeUnit.SECONDS));
    assertInstanceOf(TimeoutException.class, e.getCause());
    assertTrue(
        e.getCause()
            .getMessage()
            .matches(
                "no quote reply to the quote.requested request arrived on _INBOX\\.[0-9a-f]{32}"
                    + " within PT0\\.1S"),
        e.getCause().getMessage());
  }

  @Test
  void aRequestNobodyReceivesFailsAtOnce() {
    CompletableFuture<Quote> reply =
        bus.request(new QuoteRequested("book", 1), Quote.class, Duration.ofMinutes(1))
            .toCompletableFuture();

    ExecutionException e = assertThrows(ExecutionException.class, () -> reply.get(10, TimeUnit.SECONDS));
    assertInstanceOf(IllegalStateException.class, e.getCause());
    assertTrue(
        e.getCause().getMessage().endsWith(", so nobody can reply to it"), e.getCause().getMessage());
  }

  @Test
  void replyingToAnEventThatWasNotARequestIsRefused() {
    bus.subscribe(QuoteRequested.class, request -> {});
    EventContext published = await(bus.publish(new QuoteRequested("pen", 1))).context();

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> bus.reply(published, new Quote("pen", 1)));
    assertTrue(e.getMessage().endsWith("expects no reply: it was published, not sent with bus.request(...)"));
  }

  @Test
  void theClassicExplicitReplyTopicWorksToo() throws Exception {
    bus.register(new PriceDesk(bus));
    CompletableFuture<Quote> answer = new CompletableFuture<>();
    bus.subscribe(
        Quote.class,
        answer::complete,
        io.torematrix.eventbus.SubscribeOptions.<Quote>defaults().topics("answers.me"));

    bus.publish(new PriceLookup("lamp", "answers.me"));

    assertEquals(new Quote("lamp", 250), answer.get(10, TimeUnit.SECONDS));
  }

  @Test
  void closingWhileThreadsSendRequestsLeavesNoneWaiting() throws Exception {
    bus.register(new PriceDesk(bus)); // NORMAL: some replies come while the bus closes, refused
    List<CompletableFuture<Quote>> sent = new CopyOnWriteArrayList<>();
    CountDownLatch started = new CountDownLatch(4);
    List<Thread> requesters = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread requester =
          new Thread(
              () -> {
                started.countDown();
                while (true) {
                  try {
                    sent.add(
                        bus.request(new QuoteRequested("pen", 1), Quote.class, Duration.ofHours(1))
                            .toCompletableFuture());
                  } catch (IllegalStateException closed) {
                    return;
                  }
                }
              });
      requester.start();
      requesters.add(requester);
    }
    started.await();
    Thread.sleep(100);

    bus.close();
    for (Thread requester : requesters) {
      requester.join(10_000);
    }

    assertTrue(!sent.isEmpty());
    for (CompletableFuture<Quote> reply : sent) {
      try {
        assertEquals(new Quote("pen", 250), reply.get(10, TimeUnit.SECONDS));
      } catch (ExecutionException refused) {
        assertInstanceOf(IllegalStateException.class, refused.getCause());
      }
    }
  }
}
