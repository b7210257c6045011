package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.BackpressurePolicy;
import io.torematrix.eventbus.LaneMetrics;
import io.torematrix.eventbus.QueueFullException;
import io.torematrix.eventbus.annotation.Priority;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A bounded queue in front of an executor: one priority level's worth of work. A publisher
 * {@linkplain #reserve reserves} room for its event, applying the back-pressure policy, before
 * any handler of the event runs, and {@linkplain #release releases} it once the event's
 * deliveries on this lane are done. Works with any {@link Executor}, virtual threads included.
 * When the lane owns its executor, {@link #shutdown} stops it and abandons what never ran.
 */
final class Lane {
  private final Priority priority;
  private final String name;
  private final int capacity;
  private final Semaphore room;
  private final Executor executor;
  private final boolean ownsExecutor;
  private final BackpressurePolicy policy;
  private final LongAdder running = new LongAdder();

  Lane(
      Priority priority,
      int capacity,
      Executor executor,
      boolean ownsExecutor,
      BackpressurePolicy policy) {
    this.priority = priority;
    this.name = priority.name();
    this.capacity = capacity;
    this.room = new Semaphore(capacity);
    this.executor = executor;
    this.ownsExecutor = ownsExecutor;
    this.policy = policy;
  }

  /**
   * Reserves room for one event.
   *
   * @throws QueueFullException if no room came free in time, naming the lane, its capacity and
   *     {@code what}
   */
  void reserve(String what) {
    long timeoutNanos = policy.timeout().toNanos();
    try {
      if (timeoutNanos == 0
          ? room.tryAcquire()
          : room.tryAcquire(timeoutNanos, TimeUnit.NANOSECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QueueFullException(
          "interrupted while waiting for room in the " + name + " queue; " + what + " was not published",
          e);
    }
    throw new QueueFullException(
        "the "
            + name
            + " queue is full at its capacity of "
            + capacity
            + " and stayed full for "
            + policy
            + "; "
            + what
            + " was not published. Let consumers catch up, raise queueCapacity, or choose"
            + " another BackpressurePolicy.");
  }

  /** Gives back room reserved before. */
  void release() {
    room.release();
  }

  /** Runs {@code task} on the lane's executor, counted while it runs; the executor may refuse it. */
  void execute(Runnable task) {
    executor.execute(new Counted(task));
  }

  /**
   * Stops an owned executor. With {@code abandon}, work that has not started is {@linkplain
   * Abandonable#abandon abandoned} with {@code reason}; without, it still runs first. Does nothing
   * to an executor the bus was given.
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
      if (neverRan instanceof Abandonable work) {
        work.abandon(reason);
      }
    }
  }

  /** Waits for an owned executor's threads to end. */
  void awaitTermination(Duration timeout) throws InterruptedException {
    if (ownsExecutor && executor instanceof ExecutorService service) {
      service.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /** Events whose deliveries on this lane are queued or running. */
  int depth() {
    return capacity - room.availablePermits();
  }

  LaneMetrics metrics() {
    return new LaneMetrics(priority, depth(), running.sum(), capacity);
  }

  /** A task as the executor holds it: counted while it runs, abandoned with it if never run. */
  private final class Counted implements Runnable, Abandonable {
    private final Runnable task;

    Counted(Runnable task) {
      this.task = task;
    }

    @Override
    public void run() {
      running.increment();
      try {
        task.run();
      } finally {
        running.decrement();
      }
    }

    @Override
    public void abandon(Throwable reason) {
      if (task instanceof Abandonable work) {
        work.abandon(reason);
      }
    }
  }

  @Override
  public String toString() {
    return name + " lane (" + depth() + "/" + capacity + ")";
  }
}
