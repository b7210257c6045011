package io.torematrix.eventbus.internal;

import java.util.Arrays;
import java.util.List;

/**
 * The routes that the subscribers of one registration join: for each concrete event type their
 * events can have, which of them (by index in the registration) it delivers to. It depends only on
 * the event type each subscriber takes, so one routing serves every instance of a listener class
 * (see {@link ListenerHandlers}), and one every lambda subscription to an event type. Immutable.
 */
final class Routing {
  /** The event classes the subscribers take, by index. */
  private final Class<?>[] eventTypes;

  /** The routes the subscribers join. */
  private final EventType[] routes;

  /** For each route of {@link #routes}, the indexes of the subscribers it delivers to, rising. */
  private final int[][] members;

  Routing(Class<?>[] eventTypes, EventType[] routes, int[][] members) {
    this.eventTypes = eventTypes;
    this.routes = routes;
    this.members = members;
  }

  /** Whether this routing routes {@code subscribers}: as many, each of the same event type. */
  boolean fits(List<Subscriber<?>> subscribers) {
    if (subscribers.size() != eventTypes.length) {
      return false;
    }
    for (int i = 0; i < eventTypes.length; i++) {
      if (subscribers.get(i).eventType != eventTypes[i]) {
        return false;
      }
    }
    return true;
  }

  /** How many routes the subscribers join. */
  int routeCount() {
    return routes.length;
  }

  /** The event type of route {@code index}. */
  EventType route(int index) {
    return routes[index];
  }

  /**
   * The subscribers of {@code subscribers} that route {@code index} delivers to, in delivery order.
   */
  Subscriber<?>[] members(int index, List<Subscriber<?>> subscribers) {
    int[] indexes = members[index];
    Subscriber<?>[] picked = new Subscriber<?>[indexes.length];
    boolean sorted = true;
    for (int i = 0; i < indexes.length; i++) {
      picked[i] = subscribers.get(indexes[i]);
      sorted &= i == 0 || Subscriber.deliveryOrder(picked[i - 1], picked[i]) < 0;
    }
    if (!sorted) {
      Arrays.sort(picked, Subscriber.DELIVERY_ORDER);
    }
    return picked;
  }
}
