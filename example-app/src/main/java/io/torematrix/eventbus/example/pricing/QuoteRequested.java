package io.torematrix.eventbus.example.pricing;

import io.torematrix.eventbus.annotation.Event;

/** Asks for the price of some quantity of an item; answered with a {@link Quote}. */
@Event(name = "pricing.quote-requested")
public record QuoteRequested(String item, int quantity) {}
