package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.Subscription;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** The subscribers added by one {@code register} or {@code subscribe} call. */
final class Registration implements Subscription {
  /** The registered listener, or {@code null} for a lambda's subscription. */
  private final Object listener;
  private final List<Subscriber<?>> subscribers;
  private final SubscriberRegistry registry;
  private final BooleanSupplier busOpen;
  private final Consumer<List<Subscriber<?>>> onClose;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param listener the registered listener, or {@code null} for a lambda's subscription
   * @param onClose told about the subscribers after they were removed, to release what they hold
   */
  Registration(
      Object listener,
      List<Subscriber<?>> subscribers,
      SubscriberRegistry registry,
      BooleanSupplier busOpen,
      Consumer<List<Subscriber<?>>> onClose) {
    this.listener = listener;
    this.subscribers = subscribers;
    this.registry = registry;
    this.busOpen = busOpen;
    this.onClose = onClose;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      subscribers.forEach(Subscriber::deactivate);
      registry.remove(listener, subscribers);
      onClose.accept(subscribers);
    }
  }

  @Override
  public boolean isActive() {
    return !closed.get() && busOpen.getAsBoolean();
  }

  @Override
  public String toString() {
    return "Subscription" + subscribers + (isActive() ? "" : " (closed)");
  }
}
