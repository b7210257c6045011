package io.torematrix.eventbus.it.wiring;

import io.torematrix.eventbus.annotation.Event;

/** The only event type the discovered test middleware apply to, so other tests never meet them. */
@Event(name = "transfer", topic = "transfers.plain")
public record Transfer(String from, String to, long cents) {}
