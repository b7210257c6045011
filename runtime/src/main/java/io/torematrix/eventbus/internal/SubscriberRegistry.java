package io.torematrix.eventbus.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bus's subscribers, safe to change while other threads publish. Each known concrete event type
 * has a {@link Route}, immutable, in its {@link EventType#route} field: a publisher reads that one
 * volatile field and never blocks nor writes anything here. Writers, serialised by a lock of their
 * own, patch the routes their change affects, and only those: a new route is made from the old one
 * and the added or removed subscribers ({@link Route#with}, {@link Route#without}), never rebuilt
 * from every subscriber of every supertype.
 *
 * <h2>Memory consistency and staleness</h2>
 *
 * A change is visible once {@code add} or {@code remove} returns: actions of a thread before it
 * calls either happen-before a publisher's reading of a route that change made, and a publish that
 * starts after {@code add} returned (in happens-before order) reaches the added subscribers. Two
 * ways tell a cache of what a route selected that it is stale, each read in O(1):
 *
 * <ul>
 *   <li>the identity of {@link #route(EventType)}: a route never changes, and every change of the
 *       subscribers of an event type gives it a new route (an unchanged type keeps its route);
 *   <li>{@link #version()}, which grows by one with every change of any route, written after the
 *       new routes, so that a reader that sees a version sees the routes of that change, or newer.
 * </ul>
 *
 * <p>It also knows which listener objects are registered, by identity, so that registering one
 * twice is refused rather than delivering each event to it twice.
 */
final class SubscriberRegistry {
  private final Object writeLock = new Object();
  private final AtomicLong nextSequence = new AtomicLong();

  /** For each class a handler can take, the known concrete types delivered to it. */
  private final Map<Class<?>, EventType[]> routedTo;

  /** The routing of a lone subscriber, by the event class it takes: a lambda's. */
  private final ConcurrentHashMap<Class<?>, Routing> alone = new ConcurrentHashMap<>();

  /** The registered listener objects, by identity; guarded by {@link #writeLock}. */
  private final IdentityHashMap<Object, Boolean> listeners = new IdentityHashMap<>();

  /** Changes made so far; written under {@link #writeLock}, after the routes. */
  private volatile long version;

  /** Every known event type, whose routes {@link #close} drops. */
  private final List<EventType> all = new ArrayList<>();

  /** Set by {@link #close}; guarded by {@link #writeLock}. */
  private boolean closed;

  SubscriberRegistry(EventTypes types) {
    Map<Class<?>, List<EventType>> under = new HashMap<>();
    for (EventType type : types.all()) {
      all.add(type);
      for (Class<?> key : type.deliveryKeys()) {
        under.computeIfAbsent(key, k -> new ArrayList<>()).add(type);
      }
    }
    Map<Class<?>, EventType[]> frozen = new HashMap<>();
    under.forEach((key, routes) -> frozen.put(key, routes.toArray(new EventType[0])));
    this.routedTo = frozen;
  }

  /**
   * The next {@code count} numbers in registration order.
   *
   * @return the first of them
   */
  long nextSequences(int count) {
    return nextSequence.getAndAdd(count);
  }

  /**
   * The route of events of {@code eventType}: an immutable snapshot, replaced whole by every change
   * of its subscribers. A volatile read.
   */
  Route route(EventType eventType) {
    Route route = eventType.route;
    return route != null ? route : Route.EMPTY;
  }

  /** How many changes were made to the routes so far: grows with each. A volatile read. */
  long version() {
    return version;
  }

  /**
   * How subscribers taking {@code eventTypes}, by index, join the routes of the events they
   * receive.
   */
  Routing routing(Class<?>[] eventTypes) {
    Map<EventType, List<Integer>> members = new IdentityHashMap<>();
    List<EventType> routes = new ArrayList<>();
    for (int i = 0; i < eventTypes.length; i++) {
      for (EventType route : routedTo.getOrDefault(eventTypes[i], new EventType[0])) {
        List<Integer> indexes = members.get(route);
        if (indexes == null) {
          indexes = new ArrayList<>();
          members.put(route, indexes);
          routes.add(route);
        }
        indexes.add(i);
      }
    }
    int[][] byRoute = new int[routes.size()][];
    for (int r = 0; r < byRoute.length; r++) {
      byRoute[r] = members.get(routes.get(r)).stream().mapToInt(Integer::intValue).toArray();
    }
    return new Routing(eventTypes.clone(), routes.toArray(new EventType[0]), byRoute);
  }

  /** {@link #routing(Class[])} of one subscriber taking {@code eventType}; cached. */
  Routing routingAlone(Class<?> eventType) {
    Routing routing = alone.get(eventType);
    return routing != null
        ? routing
        : alone.computeIfAbsent(eventType, type -> routing(new Class<?>[] {type}));
  }

  /**
   * Adds {@code added}, the handlers of {@code listener}, or of a lambda if it is {@code null},
   * routed by {@code routing}, which {@linkplain Routing#fits fits} them. If it throws, nothing was
   * added.
   *
   * @throws IllegalArgumentException if {@code listener} is registered already
   */
  void add(Object listener, List<Subscriber<?>> added, Routing routing) {
    synchronized (writeLock) {
      if (listener != null && listeners.containsKey(listener)) {
        throw alreadyRegistered(listener);
      }
      Route[] patched = new Route[routing.routeCount()];
      for (int r = 0; r < patched.length; r++) {
        patched[r] = route(routing.route(r)).with(routing.members(r, added));
      }
      if (listener != null) {
        listeners.put(listener, Boolean.TRUE);
      }
      publish(routing, patched);
    }
  }

  /**
   * Removes {@code removed}, the handlers of {@code listener} (or of a lambda if it is {@code
   * null}), routed by {@code routing} as when they were added; {@code listener} may then be
   * registered again. Subscribers no route holds are ignored. If it throws, nothing was removed.
   */
  void remove(Object listener, List<Subscriber<?>> removed, Routing routing) {
    synchronized (writeLock) {
      Route[] patched = new Route[routing.routeCount()];
      for (int r = 0; r < patched.length; r++) {
        patched[r] = route(routing.route(r)).without(routing.members(r, removed));
      }
      publish(routing, patched);
      if (listener != null) {
        listeners.remove(listener);
      }
    }
  }

  /**
   * Drops every route once the bus is closed, and installs none afterwards, so that nothing a
   * closed bus routed stays reachable through its event types: a thread keeps the event type it
   * last published, and that type's route with it ({@link ThreadState#typeOf}).
   */
  void close() {
    synchronized (writeLock) {
      closed = true;
      for (EventType type : all) {
        if (type.route != null) {
          type.route = null;
        }
      }
      version = version + 1;
    }
  }

  /** Installs the routes of a change, then counts it; nothing here can fail. */
  private void publish(Routing routing, Route[] patched) {
    if (closed) {
      return;
    }
    boolean changed = false;
    for (int r = 0; r < patched.length; r++) {
      EventType type = routing.route(r);
      if (type.route != patched[r]) {
        type.route = patched[r];
        changed = true;
      }
    }
    if (changed) {
      version = version + 1;
    }
  }

  private static IllegalArgumentException alreadyRegistered(Object listener) {
    String name =
        listener.getClass().getName()
            + "@"
            + Integer.toHexString(System.identityHashCode(listener));
    return new IllegalArgumentException(
        "cannot register "
            + name
            + ": this object is registered on this bus already, and registering it again would"
            + " deliver every event to each of its handlers twice. Keep the Subscription the first"
            + " register returned (its close() unregisters the listener, which may then be"
            + " registered again), or register another instance.");
  }
}
