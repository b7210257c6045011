package io.torematrix.eventbus.it.durable;

import io.torematrix.eventbus.annotation.Event;

/** The events the durable subscription tests publish and store. */
public final class Item {
  private Item() {}

  /** An item added to a list; {@code number} counts them per test. */
  @Event(name = "durable-test.item-added", topic = "items.added")
  public record Added(String list, int number) {}

  /** Another type, which the item subscriptions pass over. */
  @Event(name = "durable-test.note")
  public record Note(String text) {}
}
