package io.torematrix.eventbus.spi;

import java.util.List;

/**
 * What the processor learned about one package at build time: its event types, its listener
 * dispatchers and its middleware. Implementations are generated and found once, when a bus is built, through {@link
 * java.util.ServiceLoader}; under the module system the application module must declare {@code
 * provides io.torematrix.eventbus.spi.EventBusIndex with ...} for each generated index.
 */
public interface EventBusIndex {

  /**
   * {@return the {@code @Event} types of the package, with their identity and {@code @Event}
   * supertypes}
   */
  List<EventTypeInfo> eventTypes();

  /**
   * {@return one dispatcher for each class of the package that declares {@code @Subscribe} methods}
   */
  List<ListenerDispatcher> dispatchers();

  /** {@return the {@code @Middleware} classes of the package; none unless the index lists some} */
  default List<MiddlewareInfo> middleware() {
    return List.of();
  }
}
