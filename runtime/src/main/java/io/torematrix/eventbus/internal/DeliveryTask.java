package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.HandlerFailure;

/**
 * Delivers one event to the subscribers of one priority level on a lane's thread, then completes
 * its part of the publication. If the task can never run, {@link #abandon} reports every one of
 * its subscribers as failed instead, so no accepted event disappears without a trace.
 */
final class DeliveryTask implements Runnable {
  private final HandlerInvoker invoker;
  private final Subscriber<?>[] subscribers;
  private final Publication publication;

  DeliveryTask(HandlerInvoker invoker, Subscriber<?>[] subscribers, Publication publication) {
    this.invoker = invoker;
    this.subscribers = subscribers;
    this.publication = publication;
  }

  @Override
  public void run() {
    try {
      invoker.deliverAll(subscribers, publication);
    } finally {
      publication.arrive();
    }
  }

  /** Reports each subscriber as failed with {@code reason} and completes the part. */
  void abandon(Throwable reason) {
    try {
      for (Subscriber<?> subscriber : subscribers) {
        abandon(subscriber, reason);
      }
    } finally {
      publication.arrive();
    }
  }

  private <E> void abandon(Subscriber<E> subscriber, Throwable reason) {
    E event = subscriber.eventType.cast(publication.event);
    invoker.fail(subscriber, event, publication, HandlerFailure.Stage.HANDLER, reason);
  }
}
