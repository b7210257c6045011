package io.torematrix.eventbus.it.durable;

import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.annotation.DurableStart;
import io.torematrix.eventbus.annotation.Retry;
import io.torematrix.eventbus.annotation.Subscribe;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A durable listener, bound through its generated dispatcher: it records each delivery with its
 * context's attempt and catching-up flag, and fails the first attempts of the numbers it is told.
 */
final class Projection {
  /** One delivery as the handler saw it. */
  record Delivery(int number, int attempt, boolean catchingUp) {}

  final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  /** Numbers whose first two attempts fail. */
  final Set<Integer> flaky = ConcurrentHashMap.newKeySet();

  @Subscribe(
      durable = "item-projection",
      startAt = DurableStart.BEGINNING,
      retry = @Retry(maxAttempts = 3, backoffMillis = 1, maxBackoffMillis = 5))
  void project(Item.Added added, EventContext context) {
    deliveries.add(new Delivery(added.number(), context.attempt(), context.isCatchingUp()));
    if (flaky.contains(added.number()) && context.attempt() <= 2) {
      throw new IllegalStateException("attempt " + context.attempt() + " of " + added.number() + " fails");
    }
  }
}
