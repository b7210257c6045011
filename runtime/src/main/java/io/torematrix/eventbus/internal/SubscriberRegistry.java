package io.torematrix.eventbus.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bus's subscribers, safe to change while other threads publish. Writers serialise on a lock
 * and publish a new immutable {@link Snapshot}; publishers read the current snapshot with one
 * volatile read and never block. A snapshot carries over the routes a change did not affect.
 */
final class SubscriberRegistry {
  private final Object writeLock = new Object();
  private long nextSequence;
  private volatile Snapshot snapshot = new Snapshot(Map.of(), new ConcurrentHashMap<>());

  /** The next number in registration order; call while holding no lock. */
  long nextSequence() {
    synchronized (writeLock) {
      return nextSequence++;
    }
  }

  /** Adds {@code added}, all at once. */
  void add(List<Subscriber<?>> added) {
    change(added, List.of());
  }

  /** Removes {@code removed}, all at once; unknown subscribers are ignored. */
  void remove(List<Subscriber<?>> removed) {
    change(List.of(), removed);
  }

  /** The route of events of class {@code eventClass}, a known event type. */
  Route route(EventType eventType) {
    Snapshot current = snapshot;
    Route route = current.routes.get(eventType.info().type());
    return route != null ? route : current.routeFor(eventType);
  }

  private void change(List<Subscriber<?>> added, List<Subscriber<?>> removed) {
    synchronized (writeLock) {
      Snapshot old = snapshot;
      Map<Class<?>, Subscriber<?>[]> byType = new HashMap<>(old.byType);
      Set<Class<?>> changedTypes = new HashSet<>();
      for (Subscriber<?> subscriber : added) {
        byType.merge(subscriber.eventType, new Subscriber<?>[] {subscriber}, SubscriberRegistry::concat);
        changedTypes.add(subscriber.eventType);
      }
      for (Subscriber<?> subscriber : removed) {
        Subscriber<?>[] current = byType.get(subscriber.eventType);
        if (current == null) {
          continue;
        }
        Subscriber<?>[] remaining =
            Arrays.stream(current).filter(s -> s != subscriber).toArray(Subscriber<?>[]::new);
        if (remaining.length == 0) {
          byType.remove(subscriber.eventType);
        } else {
          byType.put(subscriber.eventType, remaining);
        }
        changedTypes.add(subscriber.eventType);
      }
      ConcurrentHashMap<Class<?>, Route> routes = new ConcurrentHashMap<>();
      old.routes.forEach(
          (eventClass, route) -> {
            if (route.keys().stream().noneMatch(changedTypes::contains)) {
              routes.put(eventClass, route);
            }
          });
      snapshot = new Snapshot(Map.copyOf(byType), routes);
    }
  }

  private static Subscriber<?>[] concat(Subscriber<?>[] a, Subscriber<?>[] b) {
    Subscriber<?>[] result = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, result, a.length, b.length);
    return result;
  }

  /** An immutable set of subscribers, with the routes computed from it so far. */
  private static final class Snapshot {
    final Map<Class<?>, Subscriber<?>[]> byType;
    final ConcurrentHashMap<Class<?>, Route> routes;

    Snapshot(Map<Class<?>, Subscriber<?>[]> byType, ConcurrentHashMap<Class<?>, Route> routes) {
      this.byType = byType;
      this.routes = routes;
    }

    Route routeFor(EventType eventType) {
      return routes.computeIfAbsent(eventType.info().type(), c -> build(eventType));
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
  }
}
