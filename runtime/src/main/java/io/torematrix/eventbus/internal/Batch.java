package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.HandlerFailure;
import java.util.Arrays;
import java.util.List;

/**
 * The events one batch subscriber has gathered, with the publications they belong to, each of
 * which holds a part for its event until the batch was handled. {@link #add} calls nothing, so an
 * event either joined or did not; {@link #settle()} brings the parts, reporting first, as failed
 * with {@link #abandonedBy} (as skipped if the subscriber was unsubscribed), the events the batch
 * did not deliver.
 */
final class Batch<E> implements Owed {
  private final Subscriber<E> subscriber;
  private final HandlerInvoker invoker;
  private final Object[] events;
  private final Publication[] publications;
  private int size;
  /** Set first thing by the delivery, which from then on settles the batch itself. */
  boolean started;

  /**
   * Why the batch will not be delivered, or {@code null}: {@link #settle()} then reports its
   * events as failed with it. Written directly, so that a thread out of stack can set it.
   */
  Throwable abandonedBy;

  private int reported;
  private int arrived;

  Batch(Subscriber<E> subscriber, HandlerInvoker invoker, int capacity) {
    this.subscriber = subscriber;
    this.invoker = invoker;
    this.events = new Object[capacity];
    this.publications = new Publication[capacity];
  }

  /** Adds an event, whose publication has a part for it; the caller checked that it is not full. */
  void add(E event, Publication publication) {
    events[size] = event;
    publications[size] = publication;
    size++;
  }

  int size() {
    return size;
  }

  boolean isFull() {
    return size == events.length;
  }

  /** The events, in the order they came. */
  @SuppressWarnings("unchecked") // only E is added
  List<E> events() {
    return (List<E>) Arrays.asList(events).subList(0, size);
  }

  E event(int index) {
    @SuppressWarnings("unchecked") // only E is added
    E event = (E) events[index];
    return event;
  }

  Publication publication(int index) {
    return publications[index];
  }

  /** Counts every event of the batch as skipped: its subscriber was unsubscribed first. */
  void skipAll() {
    for (int i = reported; i < size; i++) {
      publications[i].skipped();
    }
    reported = size;
  }

  /** Notes that every event's outcome was recorded. */
  void reported() {
    reported = size;
  }

  @Override
  public void settle() {
    if (abandonedBy != null) {
      if (subscriber.leftBeforeBusClosed()) {
        skipAll();
      }
      for (; reported < size; reported++) {
        invoker.fail(
            subscriber,
            event(reported),
            publications[reported],
            HandlerFailure.Step.HANDLER,
            abandonedBy,
            false);
      }
    }
    for (; arrived < size; arrived++) {
      publications[arrived].settle();
    }
  }
}
