package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.spi.EventBusIndex;
import io.torematrix.eventbus.spi.EventTypeInfo;
import io.torematrix.eventbus.spi.ListenerDispatcher;
import io.torematrix.eventbus.spi.MiddlewareInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The event types and listener dispatchers of every index a bus was built with, merged once at
 * start-up. Answers, without inspecting classes, which keys an event is delivered under and which
 * dispatchers bind a listener.
 */
final class EventTypes {
  /** A {@code HashMap}, never changed once built: looked up on every publish. */
  private final Map<Class<?>, EventType> types;
  private final Map<String, EventType> byName;
  private final Map<Class<?>, List<Class<?>>> deliveredUnder;
  private final Map<Class<?>, ListenerDispatcher> dispatchers;
  private final List<MiddlewareInfo> middleware;
  private final Map<Class<?>, ListenerDispatcher[]> dispatcherChains = new ConcurrentHashMap<>();

  private EventTypes(
      Map<Class<?>, EventType> types,
      Map<Class<?>, ListenerDispatcher> dispatchers,
      List<MiddlewareInfo> middleware) {
    this.types = types;
    this.dispatchers = dispatchers;
    this.middleware = middleware;
    Map<String, EventType> names = new HashMap<>();
    types.values().forEach(t -> names.put(t.info().name(), t));
    this.byName = Map.copyOf(names);
    Map<Class<?>, List<Class<?>>> under = new HashMap<>();
    for (EventType type : types.values()) {
      for (Class<?> key : type.deliveryKeys()) {
        under.computeIfAbsent(key, k -> new ArrayList<>()).add(type.info().type());
      }
    }
    Map<Class<?>, List<Class<?>>> frozen = new HashMap<>();
    under.forEach((key, classes) -> frozen.put(key, List.copyOf(classes)));
    this.deliveredUnder = Map.copyOf(frozen);
  }

  /**
   * The types of the builder's indexes: the runtime's own, those given to {@code index(...)},
   * then, unless discovery is off, those {@link ServiceLoader} finds through the builder's class
   * loader (by default the thread's context class loader, or else the runtime's).
   *
   * @throws IllegalStateException as {@link #merge} does
   */
  static EventTypes load(BusBuilder builder) {
    List<EventBusIndex> indexes = new ArrayList<>();
    indexes.add(new BuiltInEvents());
    indexes.addAll(builder.indexes);
    if (builder.discoverIndexes) {
      ClassLoader loader = builder.classLoader;
      if (loader == null) {
        loader = Thread.currentThread().getContextClassLoader();
      }
      if (loader == null) {
        loader = EventTypes.class.getClassLoader();
      }
      ServiceLoader.load(EventBusIndex.class, loader).forEach(indexes::add);
    }
    return merge(indexes);
  }

  /**
   * Merges {@code indexes}.
   *
   * @throws IllegalStateException if two different types claim one event name, or two
   *     dispatchers one listener class
   */
  static EventTypes merge(List<EventBusIndex> indexes) {
    Map<Class<?>, EventTypeInfo> infos = new HashMap<>();
    Map<String, Class<?>> byName = new HashMap<>();
    Map<Class<?>, ListenerDispatcher> dispatchers = new HashMap<>();
    Map<Class<?>, MiddlewareInfo> middleware = new HashMap<>();
    for (EventBusIndex index : indexes) {
      for (MiddlewareInfo info : index.middleware()) {
        middleware.putIfAbsent(info.type(), info);
      }
      for (EventTypeInfo info : index.eventTypes()) {
        Class<?> owner = byName.putIfAbsent(info.name(), info.type());
        if (owner != null && owner != info.type()) {
          throw new IllegalStateException(
              "event name \""
                  + info.name()
                  + "\" is claimed by both "
                  + owner.getName()
                  + " and "
                  + info.type().getName()
                  + ": stored and exchanged events could not be told apart. Give one of them"
                  + " another @Event(name).");
        }
        for (Class<?> supertype : info.supertypes()) {
          if (!supertype.isAssignableFrom(info.type())) {
            throw new IllegalStateException(
                index.getClass().getName()
                    + " lists "
                    + supertype.getName()
                    + " among the supertypes of event "
                    + info.type().getName()
                    + ", which neither extends nor implements it: the index is stale or written"
                    + " by hand. Rebuild the module of "
                    + info.type().getName()
                    + " with the annotation processor.");
          }
        }
        infos.putIfAbsent(info.type(), info);
      }
      for (ListenerDispatcher dispatcher : index.dispatchers()) {
        ListenerDispatcher previous = dispatchers.putIfAbsent(dispatcher.listenerType(), dispatcher);
        if (previous != null && previous.getClass() != dispatcher.getClass()) {
          throw new IllegalStateException(
              "two dispatchers bind "
                  + dispatcher.listenerType().getName()
                  + ": "
                  + previous.getClass().getName()
                  + " and "
                  + dispatcher.getClass().getName());
        }
      }
    }
    Map<Class<?>, EventType> types = new HashMap<>();
    infos.forEach((type, info) -> types.put(type, new EventType(info)));
    return new EventTypes(
        types, Map.copyOf(dispatchers), List.copyOf(middleware.values()));
  }

  /**
   * The concrete event classes whose events are delivered to handlers of {@code key}: it and
   * every known subtype.
   */
  List<Class<?>> deliveredUnder(Class<?> key) {
    return deliveredUnder.getOrDefault(key, List.of());
  }

  /** The event type named {@code name}, or {@code null} if no index knows it. */
  EventType findByName(String name) {
    return byName.get(name);
  }

  /** The event type of {@code type}, or {@code null} if no index knows it. */
  EventType find(Class<?> type) {
    return types.get(type);
  }

  /**
   * Why the generated code of {@code type} can be missing although the class is right, and what
   * to do: the end of the messages that say so. The module system's part is told only to a class
   * of a named module that is not the JDK's.
   */
  static String processorNotRun(Class<?> type) {
    String advice =
        "eventbus-processor did not run when it was compiled. With Maven, add"
            + " io.torematrix.eventbus:eventbus-processor to the annotationProcessorPaths of the"
            + " maven-compiler-plugin, and give that plugin a <version> of 3.5 or later: without"
            + " one, Maven 3.8 uses 3.1, which ignores annotationProcessorPaths. With Gradle, add it"
            + " to the annotationProcessor configuration.";
    Module module = type.getModule();
    ClassLoader loader = module.getClassLoader();
    if (!module.isNamed() || loader == null || loader == ClassLoader.getPlatformClassLoader()) {
      return advice;
    }
    return advice
        + " If it did run: module "
        + module.getName()
        + " must declare 'provides io.torematrix.eventbus.spi.EventBusIndex with "
        + type.getPackageName()
        + ".EventBusIndex', or the bus cannot find the index generated for that package.";
  }

  /**
   * The event type of {@code type}.
   *
   * @throws IllegalArgumentException if no index knows it
   */
  EventType require(Class<?> type) {
    EventType eventType = types.get(type);
    if (eventType == null) {
      throw new IllegalArgumentException(
          type.getName()
              + " is not an event type known to this bus. Either it is not annotated with"
              + " @io.torematrix.eventbus.annotation.Event, or "
              + processorNotRun(type));
    }
    return eventType;
  }

  /** The {@code @Middleware} classes the indexes list, each once. */
  List<MiddlewareInfo> middleware() {
    return middleware;
  }

  /** The names of the types whose events reach a handler of {@code type}: it and its subtypes. */
  List<String> namesDeliveredTo(Class<?> type) {
    List<String> names = new ArrayList<>();
    for (EventType candidate : types.values()) {
      if (candidate.deliveryKeys().contains(type)) {
        names.add(candidate.info().name());
      }
    }
    return names;
  }

  /** Every known event type. */
  Iterable<EventType> all() {
    return types.values();
  }

  /**
   * The dispatchers that bind the handlers of {@code listenerClass}: its own and those of its
   * superclasses, most specific first; empty if it has no handlers anywhere.
   */
  ListenerDispatcher[] dispatchersFor(Class<?> listenerClass) {
    return dispatcherChains.computeIfAbsent(listenerClass, this::collectDispatchers);
  }

  private ListenerDispatcher[] collectDispatchers(Class<?> listenerClass) {
    List<ListenerDispatcher> chain = new ArrayList<>();
    for (Class<?> c = listenerClass; c != null && c != Object.class; c = c.getSuperclass()) {
      ListenerDispatcher dispatcher = dispatchers.get(c);
      if (dispatcher != null) {
        chain.add(dispatcher);
      }
    }
    return chain.toArray(new ListenerDispatcher[0]);
  }
}
