package io.torematrix.eventbus.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads of a lane that owns them, and the queue they take tasks from: up to {@code max}
 * threads, started as work arrives, each running queued tasks while there are any, then waiting
 * for more, and ending after {@code idle} without work or once the lane stops.
 *
 * <p>Handing a task over takes no lock: it queues the task, then wakes a waiting thread ({@link
 * LockSupport#unpark}) or starts one ({@link Thread#start}). A {@link
 * java.util.concurrent.ThreadPoolExecutor} would take locks released in {@code finally} blocks,
 * which a publisher that runs out of stack there would leave locked for ever, stopping the pool. A
 * start that fails is given back (see {@link Worker#settle()}); a wake-up that is lost costs at
 * most {@link #RECHECK_NANOS}, after which a waiting thread looks again by itself.
 */
final class LaneThreads {
  private static final long RECHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Lane lane;
  private final ThreadFactory factory;
  private final int max;
  private final long idleNanos;
  private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Worker> waiting = new ConcurrentLinkedQueue<>();
  private final Set<Worker> working = ConcurrentHashMap.newKeySet();
  private final AtomicInteger live = new AtomicInteger();
  private volatile boolean stopping;
  /** Why queued work is abandoned rather than run, once the lane stopped that way. */
  private volatile Throwable stoppedBy;

  /**
   * @param lane the lane whose tasks these threads run; with {@code max} 1, its only thread
   *     {@linkplain ThreadState#serves serves} it
   * @param idleNanos how long a thread waits for work before it ends
   */
  LaneThreads(Lane lane, ThreadFactory factory, int max, long idleNanos) {
    this.lane = lane;
    this.factory = factory;
    this.max = max;
    this.idleNanos = idleNanos;
  }

  /**
   * Queues {@code task} for the threads. Once the lane stopped by abandoning, the task is
   * abandoned with the reason.
   *
   * @throws RejectedExecutionException if the lane stopped, and the task was not queued
   */
  void execute(Runnable task) {
    if (stopping && stoppedBy == null) {
      throw new RejectedExecutionException("the " + lane + " has stopped");
    }
    queue.add(task);
    Throwable stopped = stoppedBy;
    if (stopped != null) {
      abandonQueued(stopped);
      return;
    }
    if (stopping && queue.remove(task)) {
      throw new RejectedExecutionException("the " + lane + " has stopped");
    }
    Worker waiter = waiting.poll();
    if (waiter != null) {
      LockSupport.unpark(waiter.thread);
    } else {
      startIfNeeded();
    }
  }

  /** Starts a thread if fewer than the most are alive; see the class comment. */
  private void startIfNeeded() {
    if (live.get() >= max) {
      return;
    }
    ThreadState thread = ThreadState.get();
    thread.hold();
    Worker worker = new Worker();
    boolean counted = false;
    try {
      int alive;
      while ((alive = live.get()) < max) {
        if (live.compareAndSet(alive, alive + 1)) {
          counted = true;
          Thread started = factory.newThread(worker);
          worker.thread = started;
          started.start();
          break;
        }
      }
    } catch (Throwable notStarted) {
      if (counted) {
        try {
          worker.settle();
        } catch (StackOverflowError tooDeep) {
          thread.owed[thread.owing++] = worker;
        }
      }
      thread.held--;
      throw notStarted;
    }
    thread.held--;
  }

  /**
   * Stops the threads: with {@code abandon}, interrupts them, and abandons with {@code reason}
   * work that has not started, also work queued later; without, they first run what is queued.
   */
  void shutdown(boolean abandon, Throwable reason) {
    if (abandon) {
      stoppedBy = reason;
    }
    stopping = true;
    for (Worker worker : waiting) {
      LockSupport.unpark(worker.thread);
    }
    if (abandon) {
      for (Worker worker : working) {
        worker.thread.interrupt();
      }
      abandonQueued(reason);
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

  /**
   * One thread of the lane, from its start. It runs at most once: if its thread runs it, it works;
   * if starting the thread failed first, {@link #settle()} claims it and gives its place back,
   * then starts another thread if tasks are waiting.
   */
  private final class Worker implements Runnable, Owed {
    volatile Thread thread;
    private final AtomicBoolean claimed = new AtomicBoolean();
    /** Written by the thread whose start failed, only. */
    private boolean cancelling;

    private boolean givenBack;

    @Override
    public void run() {
      if (!claimed.compareAndSet(false, true)) {
        return;
      }
      working.add(this);
      if (max == 1) {
        ThreadState.get().serves = lane;
      }
      try {
        work();
      } finally {
        working.remove(this);
      }
    }

    @Override
    public void settle() {
      if (!givenBack) {
        if (!cancelling) {
          if (!claimed.compareAndSet(false, true)) {
            return;
          }
          cancelling = true;
        }
        live.decrementAndGet();
        givenBack = true;
      }
      if (!stopping && !queue.isEmpty()) {
        startIfNeeded();
      }
    }

    private void work() {
      long idleSince = System.nanoTime();
      for (; ; ) {
        Runnable task = queue.poll();
        if (task != null) {
          Throwable stopped = stoppedBy;
          if (stopped != null) {
            if (task instanceof Abandonable work) {
              work.abandon(stopped);
            }
          } else {
            Thread.interrupted();
            lane.run(task);
          }
          idleSince = System.nanoTime();
          continue;
        }
        if (stopping) {
          if (retire()) {
            return;
          }
          continue;
        }
        waiting.add(this);
        if (!queue.isEmpty() || stopping) {
          waiting.remove(this);
          continue;
        }
        LockSupport.parkNanos(this, Math.min(RECHECK_NANOS, idleNanos));
        boolean notWoken = waiting.remove(this);
        if (notWoken
            && queue.isEmpty()
            && System.nanoTime() - idleSince >= idleNanos
            && retire()) {
          return;
        }
      }
    }

    /** Ends this thread's place, unless work came meanwhile and the place can be taken back. */
    private boolean retire() {
      live.decrementAndGet();
      if (queue.isEmpty() || stoppedBy != null) {
        return true;
      }
      int alive;
      while ((alive = live.get()) < max) {
        if (live.compareAndSet(alive, alive + 1)) {
          return false;
        }
      }
      return true;
    }
  }
}
