package io.torematrix.eventbus.internal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the deliveries of one ordered subscriber one at a time, in the order they were queued, on
 * a shared executor: the serial executor of the {@link Executor} documentation. Publishing queues
 * a delivery synchronously, so the events of one publisher thread keep their publish order.
 */
final class SerialQueue implements Runnable, Abandonable {
  private final ConcurrentLinkedQueue<DeliveryTask> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final Executor executor;

  SerialQueue(Executor executor) {
    this.executor = executor;
  }

  /** Queues {@code task} behind those queued before. */
  void enqueue(DeliveryTask task) {
    tasks.add(task);
    schedule();
  }

  private void schedule() {
    if (scheduled.compareAndSet(false, true)) {
      try {
        executor.execute(this);
      } catch (RejectedExecutionException e) {
        scheduled.set(false);
        abandon(e);
      }
    }
  }

  @Override
  public void run() {
    try {
      DeliveryTask task;
      while ((task = tasks.poll()) != null) {
        task.run();
      }
    } finally {
      scheduled.set(false);
      if (!tasks.isEmpty()) {
        schedule();
      }
    }
  }

  @Override
  public void abandon(Throwable reason) {
    DeliveryTask task;
    while ((task = tasks.poll()) != null) {
      task.abandon(reason);
    }
  }
}
