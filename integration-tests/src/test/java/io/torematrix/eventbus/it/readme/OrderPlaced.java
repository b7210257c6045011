package io.torematrix.eventbus.it.readme;

import io.torematrix.eventbus.annotation.Event;
import java.math.BigDecimal;

/** The README's durable-subscription example event, verbatim. */
@Event(name = "order.placed")
public record OrderPlaced(String orderId, BigDecimal amount) {}
