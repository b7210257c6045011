package io.torematrix.eventbus.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bus's subscribers, safe to change while other threads publish. Each event type's
 * subscribers are an array replaced whole (copy-on-write) under a lock writers share; publishers
 * never block. Routes, each computed from the arrays of one concrete class's delivery keys, are
 * cached, and a writer recomputes the routes its change affects itself, so that publishers keep
 * reading finished routes under subscription churn. {@link ConcurrentHashMap#compute} and {@code
 * computeIfAbsent} serialise per class, so a route a publisher computes from old arrays is
 * replaced by the writer's, never the other way round.
 *
 * <p>It also knows which listener objects are registered, by identity, so that registering one
 * twice is refused rather than delivering each event to it twice.
 */
final class SubscriberRegistry {
  private final EventTypes types;
  private final Object writeLock = new Object();
  private final AtomicLong nextSequence = new AtomicLong();
  private final ConcurrentHashMap<Class<?>, Subscriber<?>[]> byType = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Class<?>, Route> routes = new ConcurrentHashMap<>();
  /** The registered listener objects, by identity; guarded by {@link #writeLock}. */
  private final IdentityHashMap<Object, Boolean> listeners = new IdentityHashMap<>();

  SubscriberRegistry(EventTypes types) {
    this.types = types;
  }

  /** The next number in registration order. */
  long nextSequence() {
    return nextSequence.getAndIncrement();
  }

  /**
   * Adds {@code added}, the handlers of {@code listener}, or of a lambda if it is {@code null}.
   *
   * @throws IllegalArgumentException if {@code listener} is registered already; nothing is added
   */
  void add(Object listener, List<Subscriber<?>> added) {
    synchronized (writeLock) {
      if (listener != null && listeners.putIfAbsent(listener, Boolean.TRUE) != null) {
        throw alreadyRegistered(listener);
      }
      for (Subscriber<?> subscriber : added) {
        byType.merge(subscriber.eventType, new Subscriber<?>[] {subscriber}, SubscriberRegistry::concat);
      }
      invalidate(added);
    }
  }

  /**
   * Removes {@code removed}, the handlers of {@code listener} (or of a lambda if it is {@code
   * null}), which may then be registered again; unknown subscribers are ignored.
   */
  void remove(Object listener, List<Subscriber<?>> removed) {
    synchronized (writeLock) {
      if (listener != null) {
        listeners.remove(listener);
      }
      for (Subscriber<?> subscriber : removed) {
        byType.computeIfPresent(subscriber.eventType, (type, current) -> without(current, subscriber));
      }
      invalidate(removed);
    }
  }

  /** The route of events of {@code eventType}. */
  Route route(EventType eventType) {
    Route route = eventType.route;
    return route != null
        ? route
        : routes.computeIfAbsent(eventType.info().type(), c -> build(eventType));
  }

  /**
   * Recomputes the cached routes of the classes delivered under a changed event type. A route not
   * cached is left to the next publisher; one being computed meanwhile lands first, and is then
   * recomputed here.
   */
  private void invalidate(List<Subscriber<?>> changed) {
    Class<?> last = null;
    for (Subscriber<?> subscriber : changed) {
      if (subscriber.eventType != last) {
        for (Class<?> affected : types.deliveredUnder(subscriber.eventType)) {
          EventType type = types.find(affected);
          routes.computeIfPresent(affected, (c, stale) -> build(type));
        }
        last = subscriber.eventType;
      }
    }
  }

  private static IllegalArgumentException alreadyRegistered(Object listener) {
    String name =
        listener.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(listener));
    return new IllegalArgumentException(
        "cannot register "
            + name
            + ": this object is registered on this bus already, and registering it again would"
            + " deliver every event to each of its handlers twice. Keep the Subscription the first"
            + " register returned (its close() unregisters the listener, which may then be"
            + " registered again), or register another instance.");
  }

  /**
   * Computes the route of {@code eventType} and keeps it on the type too; called only by the
   * functions of {@link #routes}' {@code compute} methods, which hold the entry's lock.
   */
  private Route build(EventType eventType) {
    List<Subscriber<?>> subscribers = new ArrayList<>();
    for (Class<?> key : eventType.deliveryKeys()) {
      Subscriber<?>[] forKey = byType.get(key);
      if (forKey != null) {
        subscribers.addAll(Arrays.asList(forKey));
      }
    }
    subscribers.sort(Subscriber.DELIVERY_ORDER);
    Route route = new Route(eventType.deliveryKeys(), subscribers);
    eventType.route = route;
    return route;
  }

  private static Subscriber<?>[] concat(Subscriber<?>[] a, Subscriber<?>[] b) {
    Subscriber<?>[] result = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, result, a.length, b.length);
    return result;
  }

  /** {@code current} without {@code removed}, or {@code null} (no entry) if nothing is left. */
  private static Subscriber<?>[] without(Subscriber<?>[] current, Subscriber<?> removed) {
    int index = -1;
    for (int i = 0; i < current.length; i++) {
      if (current[i] == removed) {
        index = i;
        break;
      }
    }
    if (index < 0) {
      return current;
    }
    if (current.length == 1) {
      return null;
    }
    Subscriber<?>[] result = new Subscriber<?>[current.length - 1];
    System.arraycopy(current, 0, result, 0, index);
    System.arraycopy(current, index + 1, result, index, current.length - index - 1);
    return result;
  }
}
