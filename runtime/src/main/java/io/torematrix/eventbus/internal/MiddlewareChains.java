package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.EventMiddleware;
import io.torematrix.eventbus.spi.MiddlewareInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The middleware chain of each event type, composed once when the bus is built: the builder's
 * middleware first, in the order given, then the discovered {@code @Middleware} whose scope
 * covers the type, by ascending order (ties, possible between modules, by class name). Scopes by type are resolved against the build-time
 * supertypes here; scopes by topic are matched against compiled patterns, once per topic (cached,
 * up to {@link Route#MAX_CACHED_TOPICS} topics per type). A type with no middleware gets the empty
 * chain, which the bus skips.
 */
final class MiddlewareChains {
  private static final EventMiddleware[] NONE = new EventMiddleware[0];

  private final EventMiddleware[] builderOnly;
  private final Map<Class<?>, Plan> plans;

  private MiddlewareChains(EventMiddleware[] builderOnly, Map<Class<?>, Plan> plans) {
    this.builderOnly = builderOnly;
    this.plans = plans;
  }

  /**
   * Composes the chains of the builder's middleware and, unless discovery is off, of the
   * {@code @Middleware} classes the indexes list.
   *
   * @throws IllegalArgumentException if an instance matches no discovered class
   * @throws IllegalStateException if a discovered middleware cannot be made
   */
  static MiddlewareChains from(BusBuilder builder, EventTypes types) {
    return compose(
        List.copyOf(builder.middleware),
        builder.discoverMiddleware ? types.middleware() : List.of(),
        List.copyOf(builder.middlewareInstances),
        types);
  }

  /**
   * Composes the chains.
   *
   * @param fromBuilder the builder's middleware, in order
   * @param discovered the indexes' middleware, any order; empty when discovery is off
   * @param instances instances given for discovered classes, used instead of making one
   * @throws IllegalArgumentException if an instance matches no discovered class
   * @throws IllegalStateException if a discovered middleware cannot be made
   */
  private static MiddlewareChains compose(
      List<EventMiddleware> fromBuilder,
      List<MiddlewareInfo> discovered,
      List<EventMiddleware> instances,
      EventTypes types) {
    List<MiddlewareInfo> ordered = new ArrayList<>(discovered);
    ordered.sort(
        Comparator.comparingInt(MiddlewareInfo::order).thenComparing(m -> m.type().getName()));
    Map<Class<?>, EventMiddleware> given = new HashMap<>();
    for (EventMiddleware instance : instances) {
      given.put(instance.getClass(), instance);
    }
    List<Scoped> scoped = new ArrayList<>();
    for (MiddlewareInfo info : ordered) {
      EventMiddleware instance = given.remove(info.type());
      scoped.add(new Scoped(info, instance != null ? instance : make(info)));
    }
    if (!given.isEmpty()) {
      throw new IllegalArgumentException(
          "middleware instances were given for "
              + given.keySet().stream().map(Class::getName).sorted().toList()
              + ", but no such @Middleware class was discovered: annotate the class with"
              + " @Middleware and compile it with eventbus-processor, or pass the instance to"
              + " middleware(...) instead");
    }
    EventMiddleware[] builderOnly = fromBuilder.toArray(NONE);
    Map<Class<?>, Plan> plans = new HashMap<>();
    for (EventType type : types.all()) {
      List<Scoped> applicable = scoped.stream().filter(s -> s.covers(type)).toList();
      if (!applicable.isEmpty()) {
        plans.put(type.info().type(), new Plan(builderOnly, applicable));
      }
    }
    return new MiddlewareChains(builderOnly, Map.copyOf(plans));
  }

  private static EventMiddleware make(MiddlewareInfo info) {
    try {
      return info.factory().get();
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "could not make @Middleware " + info.type().getName() + ": its factory threw", e);
    }
  }

  /** The chain an event of {@code type} published on {@code topic} runs through. */
  EventMiddleware[] forEvent(EventType type, String topic) {
    if (plans.isEmpty()) {
      return builderOnly;
    }
    Plan plan = plans.get(type.info().type());
    return plan == null ? builderOnly : plan.forTopic(topic);
  }

  /** A discovered middleware with its compiled scope. */
  private static final class Scoped {
    final MiddlewareInfo info;
    final EventMiddleware instance;
    final TopicPattern[] patterns;

    Scoped(MiddlewareInfo info, EventMiddleware instance) {
      this.info = info;
      this.instance = instance;
      this.patterns = info.topics().stream().map(TopicPattern::compile).toArray(TopicPattern[]::new);
    }

    boolean covers(EventType type) {
      return info.events().isEmpty() || type.deliveryKeys().stream().anyMatch(info.events()::contains);
    }

    boolean covers(String topic) {
      return TopicPattern.anyMatches(patterns, topic);
    }
  }

  /** The chain of one event type: fixed, or chosen per topic when some scope names topics. */
  private static final class Plan {
    private final EventMiddleware[] builderOnly;
    private final List<Scoped> scoped;
    private final EventMiddleware[] anyTopic;
    private final Map<String, EventMiddleware[]> byTopic = new ConcurrentHashMap<>();

    Plan(EventMiddleware[] builderOnly, List<Scoped> scoped) {
      this.builderOnly = builderOnly;
      this.scoped = scoped;
      boolean topicScoped = scoped.stream().anyMatch(s -> s.patterns.length > 0);
      this.anyTopic = topicScoped ? null : chain(null);
    }

    EventMiddleware[] forTopic(String topic) {
      if (anyTopic != null) {
        return anyTopic;
      }
      EventMiddleware[] cached = byTopic.get(topic);
      if (cached != null) {
        return cached;
      }
      EventMiddleware[] computed = chain(topic);
      if (byTopic.size() < Route.MAX_CACHED_TOPICS) {
        byTopic.putIfAbsent(topic, computed);
      }
      return computed;
    }

    private EventMiddleware[] chain(String topic) {
      List<EventMiddleware> chain = new ArrayList<>(List.of(builderOnly));
      for (Scoped s : scoped) {
        if (topic == null || s.covers(topic)) {
          chain.add(s.instance);
        }
      }
      return chain.toArray(NONE);
    }
  }
}
