package io.torematrix.eventbus.example.pricing;

import io.torematrix.eventbus.annotation.Event;
import java.math.BigDecimal;

/** The answer to a {@link QuoteRequested}. */
@Event(name = "pricing.quote")
public record Quote(String item, int quantity, BigDecimal total) {}
