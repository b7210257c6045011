package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.HandlerFailure;

/**
 * Delivers one event to some subscribers of one lane, in order, then reports itself done. If it
 * can never run, {@link #abandon} reports each of its subscribers as failed instead, so no
 * accepted event disappears without a trace.
 */
final class DeliveryTask implements Runnable, Abandonable {
  private final HandlerInvoker invoker;
  private final Subscriber<?>[] subscribers;
  private final Publication publication;
  private final Runnable done;

  DeliveryTask(
      HandlerInvoker invoker, Subscriber<?>[] subscribers, Publication publication, Runnable done) {
    this.invoker = invoker;
    this.subscribers = subscribers;
    this.publication = publication;
    this.done = done;
  }

  @Override
  public void run() {
    try {
      invoker.deliverAll(subscribers, publication);
    } finally {
      done.run();
    }
  }

  @Override
  public void abandon(Throwable reason) {
    try {
      for (Subscriber<?> subscriber : subscribers) {
        abandon(subscriber, reason);
      }
    } finally {
      done.run();
    }
  }

  private <E> void abandon(Subscriber<E> subscriber, Throwable reason) {
    E event = subscriber.eventType.cast(publication.event);
    invoker.fail(subscriber, event, publication, HandlerFailure.Step.HANDLER, reason);
  }
}
