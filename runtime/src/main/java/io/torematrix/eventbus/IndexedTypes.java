package io.torematrix.eventbus;

import io.torematrix.eventbus.spi.EventBusIndex;
import io.torematrix.eventbus.spi.ListenerDispatcher;
import io.torematrix.eventbus.spi.MiddlewareInfo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * What the generated indexes say about classes, before any bus is built: which classes have a
 * generated dispatcher, and which are {@code @Middleware} classes. For code that builds a bus from
 * objects it did not write, such as a dependency-injection container deciding which of its
 * objects to {@linkplain EventBus#register register} and which middleware to hand to {@link
 * EventBusBuilder#useMiddlewareInstance} rather than {@link EventBusBuilder#middleware}.
 *
 * <pre>{@code
 * IndexedTypes indexed = IndexedTypes.load(classLoader);
 * for (Object component : container.components()) {
 *   if (indexed.isListener(component.getClass())) {
 *     subscriptions.add(bus.register(component));
 *   }
 * }
 * }</pre>
 *
 * <p>The answers come from the indexes' lists of dispatchers and middleware, and from {@link
 * Class#getSuperclass()}; nothing is looked up by reflection. Instances are immutable and
 * thread-safe.
 */
public final class IndexedTypes {
  private final Set<Class<?>> listenerTypes;
  private final Set<Class<?>> middlewareTypes;

  private IndexedTypes(Set<Class<?>> listenerTypes, Set<Class<?>> middlewareTypes) {
    this.listenerTypes = listenerTypes;
    this.middlewareTypes = middlewareTypes;
  }

  /**
   * The indexes {@link ServiceLoader} finds through {@code loader}: the same ones a bus built with
   * {@code EventBus.builder().classLoader(loader)} discovers.
   *
   * @param loader the class loader whose {@code META-INF/services} lists the indexes
   * @return what those indexes say
   * @throws java.util.ServiceConfigurationError if a listed index cannot be loaded
   */
  public static IndexedTypes load(ClassLoader loader) {
    Objects.requireNonNull(loader, "loader");
    List<EventBusIndex> indexes = new ArrayList<>();
    ServiceLoader.load(EventBusIndex.class, loader).forEach(indexes::add);
    return of(indexes);
  }

  /**
   * What {@code indexes}, and no others, say.
   *
   * @param indexes the generated indexes
   * @return what they say
   */
  public static IndexedTypes of(List<? extends EventBusIndex> indexes) {
    Set<Class<?>> listeners = new HashSet<>();
    Set<Class<?>> middleware = new HashSet<>();
    for (EventBusIndex index : indexes) {
      for (ListenerDispatcher dispatcher : index.dispatchers()) {
        listeners.add(dispatcher.listenerType());
      }
      for (MiddlewareInfo info : index.middleware()) {
        middleware.add(info.type());
      }
    }
    return new IndexedTypes(Set.copyOf(listeners), Set.copyOf(middleware));
  }

  /**
   * Whether {@code type} or one of its superclasses has a generated dispatcher, that is, whether
   * {@link EventBus#register} accepts an instance of {@code type} on a bus that knows the same
   * indexes. A subclass made at run time, such as a proxy, counts through its superclass.
   *
   * @param type a class
   * @return whether an instance of {@code type} can be registered
   */
  public boolean isListener(Class<?> type) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      if (listenerTypes.contains(c)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code type} is exactly a {@code @Middleware} class of the indexes. A bus built from
   * them makes its own instance of such a class unless {@link
   * EventBusBuilder#useMiddlewareInstance} is given one; passing one to {@link
   * EventBusBuilder#middleware} instead would run it twice.
   *
   * @param type a class
   * @return whether {@code type} is a generated-dispatch middleware
   */
  public boolean isMiddleware(Class<?> type) {
    return middlewareTypes.contains(type);
  }

  @Override
  public String toString() {
    return "IndexedTypes["
        + listenerTypes.size()
        + " listener types, "
        + middlewareTypes.size()
        + " middleware types]";
  }
}
