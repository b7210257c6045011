package io.torematrix.eventbus.internal;

import java.util.ArrayList;
import java.util.Arrays;
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
 */
final class SubscriberRegistry {
  private final EventTypes types;
  private final Object writeLock = new Object();
  private final AtomicLong nextSequence = new AtomicLong();
  private final ConcurrentHashMap<Class<?>, Subscriber<?>[]> byType = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Class<?>, Route> routes = new ConcurrentHashMap<>();

  SubscriberRegistry(EventTypes types) {
    this.types = types;
  }

  /** The next number in registration order. */
  long nextSequence() {
    return nextSequence.getAndIncrement();
  }

  /** Adds {@code added}. */
  void add(List<Subscriber<?>> added) {
    synchronized (writeLock) {
      for (Subscriber<?> subscriber : added) {
        byType.merge(subscriber.eventType, new Subscriber<?>[] {subscriber}, SubscriberRegistry::concat);
      }
      invalidate(added);
    }
  }

  /** Removes {@code removed}; unknown subscribers are ignored. */
  void remove(List<Subscriber<?>> removed) {
    synchronized (writeLock) {
      for (Subscriber<?> subscriber : removed) {
        byType.computeIfPresent(subscriber.eventType, (type, current) -> without(current, subscriber));
      }
      invalidate(removed);
    }
  }

  /** The route of events of {@code eventType}. */
  Route route(EventType eventType) {
    Route route = routes.get(eventType.info().type());
    return route != null ? route : routes.computeIfAbsent(eventType.info().type(), c -> build(eventType));
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

  private Route build(EventType eventType) {
    List<Subscriber<?>> subscribers = new ArrayList<>();
    for (Class<?> key : eventType.deliveryKeys()) {
      Subscriber<?>[] forKey = byType.get(key);
      if (forKey != null) {
        subscribers.addAll(Arrays.asList(forKey));
      }
    }
    subscribers.sort(Subscriber.DELIVERY_ORDER);
    return new Route(eventType.deliveryKeys(), subscribers);
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
