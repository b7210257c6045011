package io.torematrix.eventbus.spi;

import io.torematrix.eventbus.EventMiddleware;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Build-time facts about one {@code @Middleware} class: its order, its scope (event types and
 * topic patterns; empty means all), and how to make an instance. The bus resolves the scope
 * against the event types' supertypes once, when it is built.
 */
public final class MiddlewareInfo {
  private final Class<? extends EventMiddleware> type;
  private final int order;
  private final Supplier<? extends EventMiddleware> factory;
  private final List<Class<?>> events;
  private final List<String> topics;

  private MiddlewareInfo(
      Class<? extends EventMiddleware> type,
      int order,
      Supplier<? extends EventMiddleware> factory,
      List<Class<?>> events,
      List<String> topics) {
    this.type = type;
    this.order = order;
    this.factory = factory;
    this.events = events;
    this.topics = topics;
  }

  /**
   * Describes a middleware class.
   *
   * @param type the class
   * @param order its position among discovered middleware, lower first
   * @param factory makes an instance, through its no-argument constructor or factory method
   * @param events the event types it applies to, with their subtypes; empty for all
   * @param topics the topic patterns it applies to; empty for all
   * @return the description
   */
  public static MiddlewareInfo of(
      Class<? extends EventMiddleware> type,
      int order,
      Supplier<? extends EventMiddleware> factory,
      List<Class<?>> events,
      List<String> topics) {
    return new MiddlewareInfo(
        Objects.requireNonNull(type, "type"),
        order,
        Objects.requireNonNull(factory, "factory"),
        List.copyOf(events),
        List.copyOf(topics));
  }

  /** {@return the middleware class} */
  public Class<? extends EventMiddleware> type() {
    return type;
  }

  /** {@return its position among discovered middleware, lower first} */
  public int order() {
    return order;
  }

  /**
   * Makes an instance.
   *
   * @return the factory that makes an instance
   */
  public Supplier<? extends EventMiddleware> factory() {
    return factory;
  }

  /** {@return the event types it applies to, with their subtypes; empty for all} */
  public List<Class<?>> events() {
    return events;
  }

  /** {@return the topic patterns it applies to; empty for all} */
  public List<String> topics() {
    return topics;
  }

  @Override
  public String toString() {
    return "MiddlewareInfo[" + type.getName() + " order " + order + "]";
  }
}
