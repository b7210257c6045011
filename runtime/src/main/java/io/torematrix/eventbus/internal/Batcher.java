package io.torematrix.eventbus.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Gathers the events of one batch subscriber: a batch goes out when it holds the batch size, when
 * its first event has waited the batch window, or when the bus {@linkplain #flush flushes} it
 * (on {@code drain} and {@code close}). Each event's publication part arrives once its batch has
 * been handled.
 */
final class Batcher<E> {
  private final Subscriber<E> subscriber;
  private final HandlerInvoker invoker;
  private final ScheduledExecutorService timer;
  private List<E> events = new ArrayList<>();
  private List<Publication> publications = new ArrayList<>();
  private Future<?> windowTimer;
  private volatile boolean closing;

  /**
   * @param timer runs window expiries on the {@code DEFERRED} thread; {@code null} when the bus
   *     runs everything on the caller's thread, where batches leave by size or flush only
   */
  Batcher(Subscriber<E> subscriber, HandlerInvoker invoker, ScheduledExecutorService timer) {
    this.subscriber = subscriber;
    this.invoker = invoker;
    this.timer = timer;
  }

  /** Adds an event that passed the subscriber's filter. */
  void add(E event, Publication publication) {
    List<E> full = null;
    List<Publication> fullPublications = null;
    synchronized (this) {
      publication.expect();
      events.add(event);
      publications.add(publication);
      if (events.size() >= subscriber.batchSize || closing) {
        full = events;
        fullPublications = publications;
        reset();
      } else if (events.size() == 1 && timer != null) {
        windowTimer =
            timer.schedule(this::flush, subscriber.batchWindow.toNanos(), TimeUnit.NANOSECONDS);
      }
    }
    if (full != null) {
      invoker.deliverBatch(subscriber, full, fullPublications);
    }
  }

  /** From now on delivers each event at once, as the bus is closing; flushes what is pending. */
  void closeWindow() {
    closing = true;
    flush();
  }

  /** Delivers whatever is pending now. */
  void flush() {
    List<E> pending;
    List<Publication> pendingPublications;
    synchronized (this) {
      if (events.isEmpty()) {
        return;
      }
      pending = events;
      pendingPublications = publications;
      reset();
    }
    invoker.deliverBatch(subscriber, pending, pendingPublications);
  }

  private void reset() {
    events = new ArrayList<>();
    publications = new ArrayList<>();
    if (windowTimer != null) {
      windowTimer.cancel(false);
      windowTimer = null;
    }
  }
}
