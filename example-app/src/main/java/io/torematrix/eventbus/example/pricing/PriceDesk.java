package io.torematrix.eventbus.example.pricing;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.annotation.Subscribe;
import io.torematrix.eventbus.example.Console;
import java.math.BigDecimal;
import java.util.Map;

/** Answers quote requests for the items it knows, through the request's reply topic. */
public final class PriceDesk {
  private static final Map<String, BigDecimal> PRICES =
      Map.of("book", new BigDecimal("12.50"), "pen", new BigDecimal("1.20"));

  private final EventBus bus;

  public PriceDesk(EventBus bus) {
    this.bus = bus;
  }

  @Subscribe(filter = "knowsItem")
  void quote(QuoteRequested request, EventContext context) {
    BigDecimal total = PRICES.get(request.item()).multiply(BigDecimal.valueOf(request.quantity()));
    Console.handler("PriceDesk.quote", "replying on " + context.replyTo().orElseThrow());
    bus.reply(context, new Quote(request.item(), request.quantity(), total));
  }

  @Subscribe
  void lookup(PriceLookup lookup) {
    BigDecimal price = PRICES.getOrDefault(lookup.item(), BigDecimal.ZERO);
    bus.publish(new Quote(lookup.item(), 1, price), lookup.replyTopic());
  }

  boolean knowsItem(QuoteRequested request) {
    return PRICES.containsKey(request.item());
  }
}
