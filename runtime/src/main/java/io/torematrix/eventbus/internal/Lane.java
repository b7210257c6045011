package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.BackpressurePolicy;
import io.torematrix.eventbus.LaneMetrics;
import io.torematrix.eventbus.QueueFullException;
import io.torematrix.eventbus.annotation.Priority;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A bounded queue in front of an executor: one priority level's worth of work. A publisher
 * {@linkplain #reserve reserves} room for its event, applying the back-pressure policy, before
 * any handler of the event runs, and {@linkplain #release releases} it once the event's
 * deliveries on this lane are done. Works with any {@link Executor}, virtual threads included:
 * each task is handed to it as it comes. On a pool the lane owns, tasks instead go to the lane's
 * own lock-free queue, drained by at most as many drainer tasks as the pool has threads, which
 * keep running while there is work: a busy lane costs a queue insertion per task instead of an
 * executor hand-off and a thread wake-up. When the lane owns its executor, {@link #shutdown}
 * stops it and abandons what never ran.
 */
final class Lane {
  /** Runs a task on the thread that hands it over. */
  static final Executor CALLER_RUNS = Runnable::run;

  private final Priority priority;
  private final String name;
  private final int capacity;
  private final Semaphore room;
  private final Executor executor;
  private final boolean ownsExecutor;
  private final BackpressurePolicy policy;
  private final LongAdder running = new LongAdder();
  private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger drainers = new AtomicInteger();
  private final int maxDrainers;
  private final Drainer drainer = new Drainer();
  /** Why queued work is abandoned rather than run, once the lane stopped that way. */
  private volatile Throwable stoppedBy;

  private Lane(
      Priority priority,
      int capacity,
      BackpressurePolicy policy,
      Executor executor,
      boolean ownsExecutor,
      int drainers) {
    this.maxDrainers = drainers;
    this.priority = priority;
    this.name = priority.name();
    this.capacity = capacity;
    this.room = new Semaphore(capacity);
    this.executor = executor;
    this.ownsExecutor = ownsExecutor;
    this.policy = policy;
  }

  /** A lane whose tasks run on the thread that hands them over, before {@code execute} returns. */
  static Lane callerRuns(Priority priority, int capacity, BackpressurePolicy policy) {
    return new Lane(priority, capacity, policy, CALLER_RUNS, false, 0);
  }

  /**
   * A lane that hands each task to {@code executor} as it comes, and never shuts it down: for an
   * executor the application gave the bus, virtual threads included.
   */
  static Lane onExecutor(
      Priority priority, int capacity, BackpressurePolicy policy, Executor executor) {
    return new Lane(priority, capacity, policy, executor, false, 0);
  }

  /**
   * A lane that owns {@code pool} of {@code threads} threads: tasks go to the lane's own queue,
   * drained by at most {@code threads} drainer tasks at once, and {@link #shutdown} stops the pool.
   */
  static Lane onOwnPool(
      Priority priority, int capacity, BackpressurePolicy policy, ExecutorService pool, int threads) {
    return new Lane(priority, capacity, policy, pool, true, threads);
  }

  /**
   * A lane that owns {@code thread}, a single-thread executor, handing it each task as it comes,
   * so that the thread can run other work (timers) in between; {@link #shutdown} stops it.
   */
  static Lane onOwnThread(
      Priority priority, int capacity, BackpressurePolicy policy, ExecutorService thread) {
    return new Lane(priority, capacity, policy, thread, true, 0);
  }

  /**
   * Reserves room for one event, waiting for it as the policy says only when there is none: a
   * publisher whose interrupt status is set still publishes while there is room.
   *
   * @throws QueueFullException if no room came free in time, or the publisher was interrupted
   *     while it waited (its interrupt status is then set again), naming the lane, its capacity
   *     and the event's type
   */
  void reserve(String typeName) {
    if (room.tryAcquire()) {
      return;
    }
    long timeoutNanos = TimeUnit.NANOSECONDS.convert(policy.timeout()); // saturated, never throws
    try {
      if (timeoutNanos > 0 && room.tryAcquire(timeoutNanos, TimeUnit.NANOSECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QueueFullException(
          "interrupted while waiting for room in the "
              + name
              + " queue; the "
              + typeName
              + " event was not published",
          e);
    }
    throw new QueueFullException(
        "the "
            + name
            + " queue is full at its capacity of "
            + capacity
            + " and stayed full for "
            + policy
            + "; the "
            + typeName
            + " event was not published. Let consumers catch up, raise queueCapacity, or choose"
            + " another BackpressurePolicy.");
  }

  /** Gives back room reserved before. */
  void release() {
    room.release();
  }

  /** Runs {@code task} on the lane's threads, counted while it runs; the executor may refuse it. */
  void execute(Runnable task) {
    if (maxDrainers == 0) {
      executor.execute(new Counted(task));
      return;
    }
    queue.add(task);
    Throwable stopped = stoppedBy;
    if (stopped != null) {
      abandonQueued(stopped);
      return;
    }
    startDrainerIfNeeded();
  }

  private void startDrainerIfNeeded() {
    int active;
    while ((active = drainers.get()) < maxDrainers) {
      if (drainers.compareAndSet(active, active + 1)) {
        try {
          executor.execute(drainer);
        } catch (RejectedExecutionException stopped) {
          drainers.decrementAndGet();
          abandonQueued(stopped);
          throw stopped;
        }
        return;
      }
    }
  }

  private void abandonQueued(Throwable reason) {
    Runnable task;
    while ((task = queue.poll()) != null) {
      if (task instanceof Abandonable work) {
        work.abandon(reason);
      }
    }
  }

  /** Runs queued tasks while there are any; stands down, then looks once more. */
  private final class Drainer implements Runnable, Abandonable {
    @Override
    public void run() {
      do {
        Runnable task;
        while (stoppedBy == null && (task = queue.poll()) != null) {
          running.increment();
          try {
            task.run();
          } finally {
            running.decrement();
          }
        }
        drainers.decrementAndGet();
      } while (stoppedBy == null && !queue.isEmpty() && reclaim());
    }

    /** Takes a drainer place back if one is free; another drainer may have taken the work. */
    private boolean reclaim() {
      int active;
      while ((active = drainers.get()) < maxDrainers) {
        if (drainers.compareAndSet(active, active + 1)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public void abandon(Throwable reason) {
      abandonQueued(reason);
    }
  }

  /**
   * Stops an owned executor. With {@code abandon}, work that has not started is {@linkplain
   * Abandonable#abandon abandoned} with {@code reason}, also work queued later, and a drainer
   * whose task returns (interrupted, say) starts no other; without, it still runs first. Does
   * nothing to an executor the bus was given.
   */
  void shutdown(boolean abandon, Throwable reason) {
    if (!(ownsExecutor && executor instanceof ExecutorService service)) {
      return;
    }
    if (!abandon) {
      service.shutdown();
      return;
    }
    stoppedBy = reason;
    for (Runnable neverRan : service.shutdownNow()) {
      if (neverRan instanceof Abandonable work) {
        work.abandon(reason);
      }
    }
    abandonQueued(reason);
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
