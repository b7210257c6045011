package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.BackpressurePolicy;
import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.LaneMetrics;
import io.torematrix.eventbus.QueueFullException;
import io.torematrix.eventbus.annotation.Priority;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A bounded queue in front of threads: one priority level's worth of work. A publisher
 * {@linkplain #reserve reserves} room for its event, applying the back-pressure policy, before
 * any handler of the event runs, and {@linkplain #release releases} it once the event's
 * deliveries on this lane are done. Works with any {@link Executor}, virtual threads included:
 * each task is handed to it as it comes. When the lane owns its threads, tasks instead go to the
 * lane's own lock-free queue, taken by threads that keep running while there is work (see {@link
 * LaneThreads}): a busy lane costs a queue insertion per task instead of an executor hand-off and
 * a thread wake-up, no lock is taken on the way, and {@link #shutdown} finds every task that
 * never ran in that queue, to report it. Such a lane also takes events {@linkplain #post posted}
 * without a result into a {@link Ring} of preallocated slots that its threads drain a batch at a
 * time, so that a steady stream of posts allocates nothing; the room, its policy and what {@link
 * #shutdown} does are the same for both.
 *
 * <p>A thread never waits for room it holds itself: when a handler of this lane (or the {@code
 * IMMEDIATE} handlers of an event queued here) publishes into the lane while it is full, or the
 * lane's only thread does, {@link #reserve} fails at once instead of waiting for room that only
 * the waiting thread could free.
 */
final class Lane implements Owed {
  /** Runs a task on the thread that hands it over. */
  static final Executor CALLER_RUNS = Runnable::run;

  private static final System.Logger LOG = System.getLogger("io.torematrix.eventbus");

  private final Priority priority;
  private final String name;
  private final int capacity;
  private final Room room;
  private final BackpressurePolicy policy;
  private final LongAdder running = new LongAdder();
  /** Where tasks are handed one by one; {@code null} when the lane owns its threads. */
  private final Executor executor;
  /** The lane's own threads, or {@code null}. */
  private final LaneThreads threads;

  private Lane(
      Priority priority,
      int capacity,
      BackpressurePolicy policy,
      Executor executor,
      ThreadFactory factory,
      int threads,
      long idleNanos) {
    this.priority = priority;
    this.name = priority.name();
    this.capacity = capacity;
    this.room = new Room(capacity);
    this.policy = policy;
    this.executor = executor;
    this.threads =
        factory == null ? null : new LaneThreads(this, factory, threads, capacity, idleNanos);
  }

  /** A lane whose tasks run on the thread that hands them over, before {@code execute} returns. */
  static Lane callerRuns(Priority priority, int capacity, BackpressurePolicy policy) {
    return new Lane(priority, capacity, policy, CALLER_RUNS, null, 0, 0);
  }

  /**
   * A lane that hands each task to {@code executor} as it comes, and never shuts it down: for an
   * executor the application gave the bus, virtual threads included.
   */
  static Lane onExecutor(
      Priority priority, int capacity, BackpressurePolicy policy, Executor executor) {
    return new Lane(priority, capacity, policy, executor, null, 0, 0);
  }

  /**
   * A lane that owns up to {@code threads} threads made by {@code factory}, each ending after
   * {@code idle} without work; {@link #shutdown} stops them. With one thread, that thread
   * {@linkplain ThreadState#serves serves} the lane.
   */
  static Lane onOwnThreads(
      Priority priority,
      int capacity,
      BackpressurePolicy policy,
      ThreadFactory factory,
      int threads,
      Duration idle) {
    return new Lane(priority, capacity, policy, null, factory, threads, idle.toNanos());
  }

  /**
   * Reserves room for one event, published by the thread whose state is {@code thread}, waiting
   * for it as the policy says only when there is none: a publisher whose interrupt status is set
   * still publishes while there is room.
   *
   * @throws QueueFullException if no room came free in time, none was free and this thread cannot
   *     wait for room (see the class comment), or the publisher was interrupted while it waited
   *     (its interrupt status is then set again), naming the lane, its capacity, the event's type
   *     and why; nothing was reserved
   */
  void reserve(String typeName, ThreadState thread) {
    if (room.tryTake()) {
      return;
    }
    long timeoutNanos = TimeUnit.NANOSECONDS.convert(policy.timeout()); // saturated, never throws
    if (timeoutNanos > 0 && thread.cannotWaitFor(this)) {
      throw new QueueFullException(
          "the "
              + name
              + " queue is full at its capacity of "
              + capacity
              + ", and the thread publishing the "
              + typeName
              + " event cannot wait for room: "
              + (thread.serves == this
                  ? "it is the only thread that runs " + name + " handlers, so no room comes free"
                      + " while it waits"
                  : "it holds a place in that queue itself (it runs a "
                      + name
                      + " handler, or the IMMEDIATE handlers of an event queued there), which it"
                      + " gives back only after the wait")
              + "; the event was not published. Raise queueCapacity, or publish once the handler"
              + " has returned.");
    }
    try {
      if (timeoutNanos > 0 && room.take(timeoutNanos)) {
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

  /**
   * Gives back room reserved before. It throws, a {@link StackOverflowError} say, only before it
   * gave anything back.
   */
  void release() {
    room.give();
  }

  /** Gives back {@code places} places reserved before, at once; see {@link #release()}. */
  void release(int places) {
    room.give(places);
  }

  /**
   * Lets {@link #post} hand events to {@code posts} through a ring, if the lane owns its threads
   * and its room fits in a ring ({@link Ring#MAX_SIZE}); otherwise {@link #takesPosts()} stays
   * {@code false}.
   */
  void enablePosts(Posts posts) {
    if (threads != null) {
      threads.enablePosts(posts);
    }
  }

  /**
   * Why the lane gave up on work that has not started ({@link #shutdown} with {@code abandon}), or
   * {@code null} while it has not.
   */
  Throwable stoppedBy() {
    return threads == null ? null : threads.stoppedBy();
  }

  /** Whether {@link #post} may be called: see {@link #enablePosts}. */
  boolean takesPosts() {
    return threads != null && threads.takesPosts();
  }

  /**
   * Queues a posted event (see {@link Posted} for the arguments) for the lane's threads, for which
   * the caller {@linkplain #reserve reserved} room and counted it in flight: both are given back
   * once it was delivered, or reported as failed because the lane stopped. Call only if {@link
   * #takesPosts()}.
   */
  void post(
      Object event,
      Subscriber<?>[] subscribers,
      EventType type,
      String topic,
      EventContext parent,
      Instant stamp,
      EventIds ids,
      long id) {
    threads.post(event, subscribers, type, topic, parent, stamp, ids, id);
  }

  /** {@link #release()}, owed. */
  @Override
  public void settle() {
    release();
  }

  /**
   * Runs {@code task} on the lane's threads, counted while it runs.
   *
   * @throws RejectedExecutionException if the lane's executor refuses it, or the lane stopped;
   *     once it stopped by abandoning its work, the task is abandoned instead
   */
  void execute(Runnable task) {
    if (threads != null) {
      threads.execute(task);
    } else {
      executor.execute(new Counted(task));
    }
  }

  /**
   * Runs one task on a thread the lane owns; what escapes it is logged, so that the thread
   * carries on.
   */
  void run(Runnable task) {
    try {
      task.run();
    } catch (Throwable escaped) {
      LOG.log(
          System.Logger.Level.ERROR,
          "a task of the " + name + " lane threw; bus tasks report their own failures, so this is"
              + " a bug",
          escaped);
    }
  }

  /**
   * Counts a delivery task running on the lane ({@code +1}) or done ({@code -1}), for its
   * metrics; a task counts itself out before it reports itself done, so that a drained bus shows
   * none running.
   */
  void running(int change) {
    running.add(change);
  }

  /**
   * Stops the threads the lane owns. With {@code abandon}, work that has not started is
   * {@linkplain Abandonable#abandon abandoned} with {@code reason}, also work queued later, and
   * running tasks are interrupted; without, queued work still runs first. Does nothing to an
   * executor the bus was given.
   */
  void shutdown(boolean abandon, Throwable reason) {
    if (threads != null) {
      threads.shutdown(abandon, reason);
    }
  }

  /** Events whose deliveries on this lane are queued or running. */
  int depth() {
    return room.taken();
  }

  LaneMetrics metrics() {
    return new LaneMetrics(priority, depth(), running.sum(), capacity);
  }

  /** A task as the executor holds it: abandoned with it if it never runs. */
  private final class Counted implements Runnable, Abandonable {
    private final Runnable task;

    Counted(Runnable task) {
      this.task = task;
    }

    @Override
    public void run() {
      task.run();
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
