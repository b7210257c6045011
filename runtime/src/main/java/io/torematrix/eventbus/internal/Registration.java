package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.Subscription;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The subscribers added by one {@code register} or {@code subscribe} call. Closing it is a
 * barrier: it closes their gates, so that no invocation of their code starts afterwards, and waits
 * for the invocations that had passed them, and for those that other threads announced in their
 * state on the fast path (see {@link ThreadState}), unless it is called from inside one of those
 * invocations, which would then wait for itself, or those invocations wait, in a close of their
 * own, for one that runs on the closing thread ({@link UnsubscribeWaits}).
 */
final class Registration implements Subscription {
  /** The registered listener, or {@code null} for a lambda's subscription. */
  private final Object listener;
  private final List<Subscriber<?>> subscribers;
  private final Routing routing;
  private final SubscriberRegistry registry;
  private final BooleanSupplier busOpen;
  private final Consumer<List<Subscriber<?>>> onClose;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param listener the registered listener, or {@code null} for a lambda's subscription
   * @param routing how {@code subscribers} joined the routes
   * @param onClose told about the subscribers after they were removed, to release what they hold
   */
  Registration(
      Object listener,
      List<Subscriber<?>> subscribers,
      Routing routing,
      SubscriberRegistry registry,
      BooleanSupplier busOpen,
      Consumer<List<Subscriber<?>>> onClose) {
    this.listener = listener;
    this.subscribers = subscribers;
    this.routing = routing;
    this.registry = registry;
    this.busOpen = busOpen;
    this.onClose = onClose;
  }

  @Override
  public void close() {
    boolean open = busOpen.getAsBoolean();
    for (Subscriber<?> subscriber : subscribers) {
      subscriber.close(open);
    }
    if (closed.compareAndSet(false, true)) {
      registry.remove(listener, subscribers, routing);
      onClose.accept(subscribers);
    }
    ThreadState thread = ThreadState.get();
    for (Subscriber<?> subscriber : subscribers) {
      if (thread.invokes(subscriber)) {
        return;
      }
    }
    UnsubscribeWaits.await(thread.invoking(), subscribers);
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
