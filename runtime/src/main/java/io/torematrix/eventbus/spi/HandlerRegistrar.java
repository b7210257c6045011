package io.torematrix.eventbus.spi;

/** Receives the handlers a {@link ListenerDispatcher} binds. */
public interface HandlerRegistrar {

  /**
   * Adds one handler; the spec must have its handler set.
   *
   * @param handler the handler's description
   */
  void add(HandlerSpec<?> handler);
}
