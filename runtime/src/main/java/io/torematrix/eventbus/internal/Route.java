package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.annotation.Priority;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where events of one concrete class go: the subscribers of the class and of its {@code @Event}
 * supertypes, merged in delivery order. Routes are built once per subscription change; when some
 * subscriber listens on specific topics, the selection for each topic is computed once and cached
 * (up to {@link #MAX_CACHED_TOPICS} topics, so that one-off reply topics cannot grow it without
 * bound).
 */
final class Route {
  static final int MAX_CACHED_TOPICS = 1024;

  private final List<Class<?>> keys;
  private final Subscriber<?>[] all;
  private final Selection anyTopic;
  private final Map<String, Selection> byTopic;

  Route(List<Class<?>> keys, List<Subscriber<?>> sortedSubscribers) {
    this.keys = keys;
    this.all = sortedSubscribers.toArray(Selection.NONE);
    boolean topicSensitive = false;
    for (Subscriber<?> subscriber : all) {
      topicSensitive |= subscriber.isTopicSensitive();
    }
    this.anyTopic = topicSensitive ? null : select(all, null);
    this.byTopic = topicSensitive ? new ConcurrentHashMap<>() : null;
  }

  /** The event classes whose subscribers this route merges. */
  List<Class<?>> keys() {
    return keys;
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
    Selection computed = select(all, topic);
    if (byTopic.size() < MAX_CACHED_TOPICS) {
      byTopic.putIfAbsent(topic, computed);
    }
    return computed;
  }

  private static Selection select(Subscriber<?>[] subscribers, String topic) {
    List<Subscriber<?>> immediate = new ArrayList<>();
    List<Subscriber<?>> normal = new ArrayList<>();
    List<Subscriber<?>> ordered = new ArrayList<>();
    List<Subscriber<?>> deferred = new ArrayList<>();
    List<Subscriber<?>> durable = new ArrayList<>();
    for (Subscriber<?> subscriber : subscribers) {
      if (topic != null && !subscriber.acceptsTopic(topic)) {
        continue;
      }
      if (subscriber.isDurable()) {
        durable.add(subscriber);
      } else if (subscriber.priority == Priority.IMMEDIATE) {
        immediate.add(subscriber);
      } else if (subscriber.priority == Priority.NORMAL) {
        (subscriber.serialQueue() == null ? normal : ordered).add(subscriber);
      } else {
        deferred.add(subscriber);
      }
    }
    if (immediate.isEmpty()
        && normal.isEmpty()
        && ordered.isEmpty()
        && deferred.isEmpty()
        && durable.isEmpty()) {
      return Selection.EMPTY;
    }
    return new Selection(
        immediate.toArray(Selection.NONE),
        normal.toArray(Selection.NONE),
        ordered.toArray(Selection.NONE),
        deferred.toArray(Selection.NONE),
        durable.toArray(Selection.NONE));
  }
}
