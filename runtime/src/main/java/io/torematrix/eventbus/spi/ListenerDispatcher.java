package io.torematrix.eventbus.spi;

/**
 * Binds the {@code @Subscribe} methods that one class declares to an instance of that class,
 * as direct method calls. Generated for each class with handlers, in the same package so that
 * package-private handlers are reachable.
 *
 * <p>A dispatcher describes only the methods its class declares. When a listener is registered,
 * the bus applies the dispatcher of the listener's class and of each superclass that has one, so
 * inherited handlers work even when the superclass was compiled in another module.
 */
public interface ListenerDispatcher {

  /** {@return the class whose declared handlers this dispatcher binds} */
  Class<?> listenerType();

  /**
   * Describes each handler of {@code listener} to {@code registrar}, in declaration order.
   *
   * @param listener an instance of {@link #listenerType()} or of a subclass
   * @param registrar receives one {@link HandlerSpec} per handler
   */
  void bind(Object listener, HandlerRegistrar registrar);
}
