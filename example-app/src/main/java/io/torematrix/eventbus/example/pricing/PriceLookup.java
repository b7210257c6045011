package io.torematrix.eventbus.example.pricing;

import io.torematrix.eventbus.annotation.Event;

/** The classic reply pattern: the request itself names the topic the answer goes to. */
@Event(name = "pricing.lookup")
public record PriceLookup(String item, String replyTopic) {}
