package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.BackpressurePolicy;
import io.torematrix.eventbus.QueueFullException;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A bounded queue in front of an executor. A publisher first {@linkplain #reserve reserves} room,
 * applying the back-pressure policy, before any handler of its event runs; the room is given back
 * when the task finishes. Works with any {@link Executor}, including a virtual-thread one. When
 * the lane owns its executor, {@link #shutdown} stops it and abandons the tasks that never ran.
 */
final class Lane {
  private final String name;
  private final int capacity;
  private final Semaphore room;
  private final Executor executor;
  private final boolean ownsExecutor;
  private final BackpressurePolicy policy;

  Lane(String name, int capacity, Executor executor, boolean ownsExecutor, BackpressurePolicy policy) {
    this.name = name;
    this.capacity = capacity;
    this.room = new Semaphore(capacity);
    this.executor = executor;
    this.ownsExecutor = ownsExecutor;
    this.policy = policy;
  }

  /**
   * Reserves room for one task.
   *
   * @throws QueueFullException if no room came free in time, naming the lane, its capacity and
   *     {@code what}
   */
  void reserve(String what) {
    long timeoutNanos = policy.timeout().toNanos();
    try {
      if (timeoutNanos == 0 ? room.tryAcquire() : room.tryAcquire(timeoutNanos, TimeUnit.NANOSECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QueueFullException(
          "interrupted while waiting for room in the " + name + " queue; " + what + " was not published", e);
    }
    throw new QueueFullException(
        "the "
            + name
            + " queue is full ("
            + capacity
            + " tasks) and stayed full for "
            + policy
            + "; "
            + what
            + " was not published. Let consumers catch up, raise queueCapacity, or choose"
            + " another BackpressurePolicy.");
  }

  /** Gives back room reserved for a task that will not be executed. */
  void cancel() {
    room.release();
  }

  /**
   * Runs {@code task} on the executor, in room reserved before.
   *
   * @throws RejectedExecutionException if the executor refuses it; the room is given back
   */
  void execute(DeliveryTask task) {
    try {
      executor.execute(new Queued(task));
    } catch (RejectedExecutionException e) {
      room.release();
      throw e;
    }
  }

  /**
   * Stops an owned executor: {@code abandon} set, the tasks that have not started are {@linkplain
   * DeliveryTask#abandon abandoned} with {@code reason}; otherwise they still run first. Does
   * nothing for an executor the bus was given.
   */
  void shutdown(boolean abandon, Throwable reason) {
    if (!(ownsExecutor && executor instanceof ExecutorService service)) {
      return;
    }
    if (!abandon) {
      service.shutdown();
      return;
    }
    for (Runnable neverRan : service.shutdownNow()) {
      if (neverRan instanceof Queued queued) {
        room.release();
        queued.task.abandon(reason);
      }
    }
  }

  /** Waits for an owned executor's threads to end. */
  void awaitTermination(Duration timeout) throws InterruptedException {
    if (ownsExecutor && executor instanceof ExecutorService service) {
      service.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /** Tasks queued or running. */
  int depth() {
    return capacity - room.availablePermits();
  }

  /** A task as queued on the executor: gives its room back when done. */
  private final class Queued implements Runnable {
    final DeliveryTask task;

    Queued(DeliveryTask task) {
      this.task = task;
    }

    @Override
    public void run() {
      try {
        task.run();
      } finally {
        room.release();
      }
    }
  }
}
