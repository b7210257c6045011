package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.annotation.Priority;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where events of one concrete class go: the subscribers of the class and of its {@code @Event}
 * supertypes, merged in delivery order. A route is immutable: the same route always selects the
 * same subscribers for a topic, and a change of subscribers makes a new one from the old ({@link
 * #with}, {@link #without}), touching only the lanes that change. When no subscriber listens on
 * specific topics, the selection is made with the route; otherwise the selection for each topic is
 * computed once and cached (up to {@link #MAX_CACHED_TOPICS} topics, so that one-off reply topics
 * cannot grow it without bound).
 */
final class Route {
  static final int MAX_CACHED_TOPICS = 1024;

  /** The route of a class nobody subscribes to. */
  static final Route EMPTY = new Route(Selection.NONE, Selection.EMPTY, null);

  private final Subscriber<?>[] all;
  private final Selection anyTopic;
  private final Map<String, Selection> byTopic;

  /**
   * The route this one was made from by {@link #with}, or {@code null}: {@link #without} returns it
   * again when it holds the same subscribers, so that a subscription closed soon after it was made
   * (a reply's, say) brings back the route that publishers had, and have in their caches, rather
   * than an equal copy. Only one step back is kept: making a route from this one clears it, so that
   * routes made by a series of changes do not hold on to each other. Publishers never read it; it
   * is read and written only by the writers of the registry that owns the route, under its lock
   * (never on {@link #EMPTY}, whose field stays {@code null}).
   */
  private Route base;

  private Route(Subscriber<?>[] sorted, Selection anyTopic, Route base) {
    this.all = sorted;
    this.anyTopic = anyTopic;
    this.byTopic = anyTopic == null ? new ConcurrentHashMap<>() : null;
    this.base = base;
  }

  /**
   * The route of {@code sorted}, subscribers in delivery order, kept, not copied; its selection
   * reuses the lane arrays of {@code previous} that stay the same.
   */
  private static Route of(Subscriber<?>[] sorted, Selection previous, Route base) {
    if (sorted.length == 0) {
      return EMPTY;
    }
    for (Subscriber<?> subscriber : sorted) {
      if (subscriber.isTopicSensitive()) {
        return new Route(sorted, null, base);
      }
    }
    return new Route(sorted, select(sorted, null, previous), base);
  }

  /** This route with {@code added} too; {@code added}, in delivery order, is kept, not copied. */
  Route with(Subscriber<?>[] added) {
    Subscriber<?>[] merged = new Subscriber<?>[all.length + added.length];
    int i = 0;
    int j = 0;
    int k = 0;
    while (i < all.length && j < added.length) {
      merged[k++] = Subscriber.deliveryOrder(added[j], all[i]) < 0 ? added[j++] : all[i++];
    }
    while (i < all.length) {
      merged[k++] = all[i++];
    }
    while (j < added.length) {
      merged[k++] = added[j++];
    }
    if (base != null) {
      base = null;
    }
    return of(merged, anyTopic, this);
  }

  /**
   * This route without {@code removed}; subscribers it does not hold are ignored. It is this route
   * if nothing is removed, and the route this one was made from if that holds the same subscribers.
   */
  Route without(Subscriber<?>[] removed) {
    int count = 0;
    boolean asBase = base != null;
    for (Subscriber<?> subscriber : all) {
      if (!contains(removed, subscriber)) {
        if (asBase) {
          asBase = count < base.all.length && base.all[count] == subscriber;
        }
        count++;
      }
    }
    if (count == all.length) {
      return this;
    }
    Route previous = base;
    base = null;
    if (asBase && count == previous.all.length) {
      return previous;
    }
    Subscriber<?>[] kept = new Subscriber<?>[count];
    int filled = 0;
    for (Subscriber<?> subscriber : all) {
      if (!contains(removed, subscriber)) {
        kept[filled++] = subscriber;
      }
    }
    return of(kept, anyTopic, null);
  }

  private static boolean contains(Subscriber<?>[] subscribers, Subscriber<?> wanted) {
    for (Subscriber<?> subscriber : subscribers) {
      if (subscriber == wanted) {
        return true;
      }
    }
    return false;
  }

  /** The subscribers an event on {@code topic} reaches. */
  Selection select(String topic) {
    if (anyTopic != null) {
      return anyTopic;
    }
    Selection cached = byTopic.get(topic);
    if (cached != null) {
      return cached;
    }
    Selection computed = select(all, topic, null);
    if (byTopic.size() < MAX_CACHED_TOPICS) {
      byTopic.putIfAbsent(topic, computed);
    }
    return computed;
  }

  /**
   * The selection of {@code subscribers} on {@code topic} ({@code null}: every topic), reusing the
   * lane arrays of {@code previous} (or {@code null}) that come out equal: a change of one lane's
   * subscribers copies no other lane.
   */
  private static Selection select(Subscriber<?>[] subscribers, String topic, Selection previous) {
    Subscriber<?>[] immediate =
        lane(subscribers, topic, IMMEDIATE, previous == null ? null : previous.immediate);
    Subscriber<?>[] normal =
        lane(subscribers, topic, NORMAL, previous == null ? null : previous.normal);
    Subscriber<?>[] ordered =
        lane(subscribers, topic, ORDERED, previous == null ? null : previous.ordered);
    Subscriber<?>[] deferred =
        lane(subscribers, topic, DEFERRED, previous == null ? null : previous.deferred);
    Subscriber<?>[] durable =
        lane(subscribers, topic, DURABLE, previous == null ? null : previous.durable);
    if (immediate.length + normal.length + ordered.length + deferred.length + durable.length == 0) {
      return Selection.EMPTY;
    }
    return new Selection(immediate, normal, ordered, deferred, durable);
  }

  /**
   * The subscribers of {@code subscribers} on {@code topic} in {@code lane}, in their order: {@code
   * previous} if it holds just those, {@link Selection#NONE} if there are none, or else a new
   * array.
   */
  private static Subscriber<?>[] lane(
      Subscriber<?>[] subscribers, String topic, int lane, Subscriber<?>[] previous) {
    int count = 0;
    boolean same = previous != null;
    for (Subscriber<?> subscriber : subscribers) {
      if (laneOf(subscriber) == lane && (topic == null || subscriber.acceptsTopic(topic))) {
        if (same) {
          same = count < previous.length && previous[count] == subscriber;
        }
        count++;
      }
    }
    if (count == 0) {
      return Selection.NONE;
    }
    if (same && count == previous.length) {
      return previous;
    }
    Subscriber<?>[] picked = new Subscriber<?>[count];
    int filled = 0;
    for (Subscriber<?> subscriber : subscribers) {
      if (laneOf(subscriber) == lane && (topic == null || subscriber.acceptsTopic(topic))) {
        picked[filled++] = subscriber;
      }
    }
    return picked;
  }

  /** The lanes of a selection, indexes of the arrays {@link #select} fills. */
  private static final int IMMEDIATE = 0;

  private static final int NORMAL = 1;
  private static final int ORDERED = 2;
  private static final int DEFERRED = 3;
  private static final int DURABLE = 4;
  private static final int LANES = 5;

  private static int laneOf(Subscriber<?> subscriber) {
    if (subscriber.isDurable()) {
      return DURABLE;
    }
    if (subscriber.priority == Priority.IMMEDIATE) {
      return IMMEDIATE;
    }
    if (subscriber.priority == Priority.NORMAL) {
      return subscriber.serialQueue() == null ? NORMAL : ORDERED;
    }
    return DEFERRED;
  }
}
