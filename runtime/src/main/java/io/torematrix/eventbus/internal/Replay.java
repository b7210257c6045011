package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.HandlerFailure;
import io.torematrix.eventbus.PublishResult;
import io.torematrix.eventbus.ReplayResult;
import io.torematrix.eventbus.StoredEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Re-delivers stored events to the handlers of one listener, on the calling thread, whatever their
 * priority, in store order; batch handlers receive their events in batches as usual, the last one
 * when the replay ends. Contexts say {@code isReplay()}. Waits for asynchronous handlers.
 */
final class Replay {
  private final HandlerInvoker invoker;
  private final EventTypes types;
  private final List<Subscriber<?>> subscribers;
  private final TypeMetrics uncounted = new TypeMetrics("replay");
  private final List<CompletableFuture<PublishResult>> pending = new ArrayList<>();
  private final List<HandlerFailure> failures = new ArrayList<>();
  private long events;
  private long delivered;
  private long filtered;
  private long failed;

  Replay(HandlerInvoker invoker, EventTypes types, List<Subscriber<?>> subscribers) {
    this.invoker = invoker;
    this.types = types;
    this.subscribers = subscribers;
  }

  ReplayResult run(Storage storage, EventQuery query) {
    storage.forEach(query, true, this::deliver);
    for (Subscriber<?> subscriber : subscribers) {
      if (subscriber.batcher() != null) {
        subscriber.batcher().flush();
      }
    }
    pending.forEach(result -> add(result.join()));
    return new ReplayResult(events, delivered, filtered, failed, failures);
  }

  private void deliver(StoredEvent stored) {
    events++;
    EventType type = types.require(stored.event().getClass());
    Publication publication =
        new Publication(stored.event(), stored.context(), 0, uncounted, Replay::nothing);
    ThreadState thread = ThreadState.get();
    for (Subscriber<?> subscriber : subscribers) {
      if (type.deliveryKeys().contains(subscriber.eventType)
          && subscriber.acceptsTopic(stored.context().topic())) {
        invoker.deliver(subscriber, publication, thread);
      }
    }
    publication.settle();
    CompletableFuture<PublishResult> result = publication.result();
    if (result.isDone()) {
      add(result.join());
    } else {
      pending.add(result);
    }
  }

  /** Replayed events are not counted in flight: a replay's stage tells when it is done. */
  private static void nothing() {}

  private void add(PublishResult result) {
    delivered += result.delivered();
    filtered += result.filtered();
    failed += result.failed();
    failures.addAll(result.failures());
  }
}
