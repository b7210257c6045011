package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.annotation.Priority;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where events of one concrete class go: the subscribers of the class and of its {@code @Event}
 * supertypes, merged in delivery order. A route is immutable: the same route always selects the
 * same subscribers for a topic, and a change of subscribers makes a new one from the old ({@link
 * #with}, {@link #without}), touching only the lanes that change. When no subscriber listens on
 * specific topics, the selection is made with the route; otherwise the selection for each topic
 * is computed once and cached (up to {@link #MAX_CACHED_TOPICS} topics, so that one-off reply
 * topics cannot grow it without bound).
 */
final class Route {
  static final int MAX_CACHED_TOPICS = 1024;

  /** The route of a class nobody subscribes to. */
  static final Route EMPTY = new Route(Selection.NONE, Selection.EMPTY);

  private final Subscriber<?>[] all;
  private final Selection anyTopic;
  private final Map<String, Selection> byTopic;

  private Route(Subscriber<?>[] sorted, Selection anyTopic) {
    this.all = sorted;
    this.anyTopic = anyTopic;
    this.byTopic = anyTopic == null ? new ConcurrentHashMap<>() : null;
  }

  /** The route of {@code sorted}, subscribers in delivery order; the array is kept, not copied. */
  private static Route of(Subscriber<?>[] sorted, Selection previous) {
    if (sorted.length == 0) {
      return EMPTY;
    }
    for (Subscriber<?> subscriber : sorted) {
      if (subscriber.isTopicSensitive()) {
        return new Route(sorted, null);
      }
    }
    return new Route(sorted, select(sorted, null, previous));
  }

  /**
   * This route with {@code added} too; {@code added}, in delivery order, is kept, not copied.
   */
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
    return of(merged, anyTopic);
  }

  /** This route without {@code removed}; subscribers it does not hold are ignored. */
  Route without(Subscriber<?>[] removed) {
    Subscriber<?>[] kept = new Subscriber<?>[all.length];
    int count = 0;
    for (Subscriber<?> subscriber : all) {
      if (!contains(removed, subscriber)) {
        kept[count++] = subscriber;
      }
    }
    if (count == all.length) {
      return this;
    }
    return of(Arrays.copyOf(kept, count), anyTopic);
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
   * The selection of {@code subscribers} on {@code topic} ({@code null}: every topic), reusing
   * the lane arrays of {@code previous} (or {@code null}) that come out equal: a change of one
   * lane's subscribers copies no other lane.
   */
  private static Selection select(Subscriber<?>[] subscribers, String topic, Selection previous) {
    int[] counts = new int[LANES];
    int total = 0;
    for (Subscriber<?> subscriber : subscribers) {
      if (topic == null || subscriber.acceptsTopic(topic)) {
        counts[laneOf(subscriber)]++;
        total++;
      }
    }
    if (total == 0) {
      return Selection.EMPTY;
    }
    Subscriber<?>[][] lanes = new Subscriber<?>[LANES][];
    for (int lane = 0; lane < LANES; lane++) {
      lanes[lane] = new Subscriber<?>[counts[lane]];
      counts[lane] = 0;
    }
    for (Subscriber<?> subscriber : subscribers) {
      if (topic == null || subscriber.acceptsTopic(topic)) {
        int lane = laneOf(subscriber);
        lanes[lane][counts[lane]++] = subscriber;
      }
    }
    if (previous != null) {
      reuse(lanes, IMMEDIATE, previous.immediate);
      reuse(lanes, NORMAL, previous.normal);
      reuse(lanes, ORDERED, previous.ordered);
      reuse(lanes, DEFERRED, previous.deferred);
      reuse(lanes, DURABLE, previous.durable);
    }
    for (int lane = 0; lane < LANES; lane++) {
      reuse(lanes, lane, Selection.NONE);
    }
    return new Selection(
        lanes[IMMEDIATE], lanes[NORMAL], lanes[ORDERED], lanes[DEFERRED], lanes[DURABLE]);
  }

  /** Puts {@code candidate} in place of {@code lanes[lane]} if it holds the same subscribers. */
  private static void reuse(Subscriber<?>[][] lanes, int lane, Subscriber<?>[] candidate) {
    if (Arrays.equals(lanes[lane], candidate)) {
      lanes[lane] = candidate;
    }
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
