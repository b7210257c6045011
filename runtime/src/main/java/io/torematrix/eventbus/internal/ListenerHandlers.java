package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.spi.HandlerSpec;
import io.torematrix.eventbus.spi.ListenerDispatcher;
import java.util.List;

/**
 * What binding the handlers of one listener class learnt that holds for each of its instances: the
 * dispatchers of the class and its superclasses, and, for each handler in binding order, the event
 * type it takes (known to the bus), its topic patterns compiled, and the routes the handlers join.
 * Learnt when the first instance is registered; registering another instance then only asks the
 * dispatchers for that instance's handlers (calls bound to it) and makes their subscribers, with no
 * lookup, validation of event types, pattern compilation or route planning.
 *
 * <p>The description of a handler is checked against what was learnt (same event type, equal
 * topics) before it is used, so that a hand-written dispatcher that describes other handlers for
 * other instances is bound correctly, only without the savings. Immutable, so safe to share between
 * threads once published through the binder's map.
 */
final class ListenerHandlers {
  /** The dispatchers of the class and its superclasses, the furthest superclass first. */
  final ListenerDispatcher[] dispatchers;

  private final Class<?>[] eventTypes;
  private final List<?>[] topics;
  private final TopicPattern[][] patterns;
  private final Routing routing;

  /**
   * @param dispatchers as {@link #dispatchers}
   * @param specs the handlers of an instance, each of an event type known to the bus
   * @param patterns the compiled topic patterns of each of {@code specs}
   * @param routing how subscribers of {@code specs} join routes
   */
  ListenerHandlers(
      ListenerDispatcher[] dispatchers,
      HandlerSpec<?>[] specs,
      TopicPattern[][] patterns,
      Routing routing) {
    this.dispatchers = dispatchers;
    this.eventTypes = new Class<?>[specs.length];
    this.topics = new List<?>[specs.length];
    for (int i = 0; i < specs.length; i++) {
      eventTypes[i] = specs[i].eventType();
      topics[i] = specs[i].topics();
    }
    this.patterns = patterns;
    this.routing = routing;
  }

  /** How many handlers an instance has, as learnt: the size to expect. */
  int handlerCount() {
    return eventTypes.length;
  }

  /**
   * Whether handler {@code index} of another instance, {@code spec}, takes the event type learnt
   * and listens on the topics learnt, so that {@link #patterns(int)} are its patterns.
   */
  boolean matches(int index, HandlerSpec<?> spec) {
    return index < eventTypes.length
        && spec.eventType() == eventTypes[index]
        && (spec.topics() == topics[index] || spec.topics().equals(topics[index]));
  }

  /** The compiled topic patterns of handler {@code index}, shared: never to be changed. */
  TopicPattern[] patterns(int index) {
    return patterns[index];
  }

  /** The routing learnt, if it routes {@code subscribers}, or else {@code null}. */
  Routing routingOf(List<Subscriber<?>> subscribers) {
    return routing.fits(subscribers) ? routing : null;
  }
}
