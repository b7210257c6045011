package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.EventContext;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads of a lane that owns them, and the queues they take work from: up to {@code max}
 * threads, started as work arrives, each running queued work while there is any, then waiting for
 * more, and ending after {@code idle} without work or once the lane stops.
 *
 * <p>Two queues feed the threads: tasks ({@link Runnable}s, such as the {@link DeliveryTask}s of a
 * {@code publish}) go to a lock-free linked queue, and events {@code post}ed to the lane, once
 * {@linkplain #enablePosts enabled}, to a {@link Ring} of preallocated slots, which a thread drains
 * a batch at a time (up to {@value #BATCH} events) and hands to {@link Posts}. A thread takes from
 * each queue in turn, so neither starves the other; there is no order between the two.
 *
 * <p>Handing work over takes no lock: it queues the work, then wakes a waiting thread ({@link
 * LockSupport#unpark}) or starts one ({@link Thread#start}). A {@link
 * java.util.concurrent.ThreadPoolExecutor} would take locks released in {@code finally} blocks,
 * which a publisher that runs out of stack there would leave locked for ever, stopping the pool. A
 * start that fails is given back (see {@link Worker#settle()}); a wake-up that is lost costs at
 * most {@link #RECHECK_NANOS}, after which a waiting thread looks again by itself.
 *
 * <p>A thread that finds no work spins for a few microseconds ({@value #SPINS} spin-waits, then
 * {@value #YIELDS} yields), since more work often follows at once, then parks; only a parked thread
 * counts as waiting, and the producer that queues work wakes one. Neither waiting nor waking
 * allocates: a thread marks itself asleep in its own seat, so that a steady stream of posts with
 * threads that keep up costs no garbage.
 *
 * <p>Thread-safe: any thread may queue work and shut the threads down. Memory consistency: actions
 * of a thread before it queues a task ({@link #execute}) or posts an event ({@link #post})
 * happen-before the task runs or the event is delivered (or abandoned) on one of the lane's
 * threads, through the queue or the ring. Handing work over does not respond to interruption (a
 * post may wait for its ring slot, see {@link Ring}, never for a thread); a lane thread clears its
 * interrupt status before each task and each posted event, so that an interrupt meant for one
 * handler (such as {@link #shutdown}'s) does not reach the next.
 */
final class LaneThreads {
  private static final System.Logger LOG = System.getLogger("io.torematrix.eventbus");
  private static final long RECHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** The most posted events a thread takes from the ring at once. */
  static final int BATCH = 256;

  private static final int SPINS = 256;
  private static final int YIELDS = 8;

  private final Lane lane;
  private final ThreadFactory factory;
  private final int max;
  private final long idleNanos;
  private final int capacity;
  private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
  /** The live threads, each in a seat of its own (twice as many seats as threads: see run()). */
  private final AtomicReferenceArray<Worker> seats;
  /** Threads parked, or about to park, with {@link Worker#asleep} set. */
  private final AtomicInteger asleep = new AtomicInteger();

  private final Set<Worker> working = ConcurrentHashMap.newKeySet();
  private final AtomicInteger live = new AtomicInteger();
  private volatile boolean stopping;
  /** Why queued work is abandoned rather than run, once the lane stopped that way. */
  private volatile Throwable stoppedBy;

  /** Delivers posted events; {@code null} until {@link #enablePosts}. */
  private volatile Posts posts;
  /** The ring of posted events, made at the first post. */
  private volatile Ring ring;

  /**
   * @param lane the lane whose tasks these threads run; with {@code max} 1, its only thread
   *     {@linkplain ThreadState#serves serves} it
   * @param capacity the room of the lane: a ring of posted events holds at least as many
   * @param idleNanos how long a thread waits for work before it ends
   */
  LaneThreads(Lane lane, ThreadFactory factory, int max, int capacity, long idleNanos) {
    this.lane = lane;
    this.factory = factory;
    this.max = max;
    this.capacity = capacity;
    this.idleNanos = idleNanos;
    this.seats = new AtomicReferenceArray<>(2 * max);
  }

  /**
   * Lets {@link #post} hand events over through a ring, delivered by {@code posts}; does nothing
   * if the lane's room exceeds the most a ring holds ({@link Ring#MAX_SIZE}), and {@link
   * #takesPosts()} stays {@code false}.
   */
  void enablePosts(Posts posts) {
    if (capacity <= Ring.MAX_SIZE) {
      this.posts = posts;
    }
  }

  /** Whether {@link #post} may be called. */
  boolean takesPosts() {
    return posts != null;
  }

  /** Why the lane gave up on its queued work, or {@code null} while it has not. */
  Throwable stoppedBy() {
    return stoppedBy;
  }

  /**
   * Queues a posted event (see {@link Posted} for the arguments) for the threads; the caller holds
   * a place of the lane's room for it, which the threads give back, with its count in flight,
   * once it was delivered. Once the lane stopped, the event is reported as failed instead (see
   * {@link Posts#abandon}), with the reason the lane stopped by abandoning, or a {@link
   * RejectedExecutionException}. Waits without responding to interruption only while its ring
   * slot is being freed (see {@link Ring}).
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
    Ring posted = ring;
    if (posted == null) {
      posted = makeRing();
    }
    posted.put(event, subscribers, type, topic, parent, stamp, ids, id);
    try {
      if (stopping) {
        Throwable stopped = stoppedBy;
        abandonPosted(
            stopped != null
                ? stopped
                : new RejectedExecutionException("the " + lane + " has stopped"));
      } else {
        wake();
      }
    } catch (Throwable notWoken) {
      notWoken(notWoken);
    }
  }

  /**
   * Logs that a posted event, queued already, woke no thread; a thread that starts later delivers
   * it, or the bus's close reports it as failed.
   */
  private void notWoken(Throwable failure) {
    try {
      LOG.log(
          System.Logger.Level.WARNING,
          "an event posted to the "
              + lane
              + " is queued, but no thread could be woken or started for it; a thread started"
              + " later delivers it, or closing the bus reports it as failed",
          failure);
    } catch (Throwable loggingFailed) {
      // the event stays queued all the same
    }
  }

  private synchronized Ring makeRing() {
    Ring made = ring;
    if (made == null) {
      made = new Ring(capacity);
      ring = made;
    }
    return made;
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
    wake();
  }

  /** Wakes a parked thread, or starts one if none is parked and fewer than the most are alive. */
  private void wake() {
    if (asleep.get() > 0 && wakeOne()) {
      return;
    }
    startIfNeeded();
  }

  private boolean wakeOne() {
    for (int seat = 0; seat < seats.length(); seat++) {
      Worker worker = seats.get(seat);
      if (worker != null && worker.wake()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a task or a posted event is queued. A thread about to park reads this after it
   * counted itself {@link #asleep}, and a producer reads that count after it queued its work, so
   * one of them sees the other.
   */
  private boolean hasWork() {
    Ring posted = ring;
    return !queue.isEmpty() || (posted != null && !posted.isEmpty());
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
    for (int seat = 0; seat < seats.length(); seat++) {
      Worker worker = seats.get(seat);
      if (worker != null) {
        LockSupport.unpark(worker.thread);
      }
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
    abandonPosted(reason);
  }

  /** Reports every event in the ring as failed with {@code reason}; see {@link Posts#abandon}. */
  private void abandonPosted(Throwable reason) {
    Ring posted = ring;
    if (posted == null || posted.isEmpty()) {
      return;
    }
    Posted[] batch = newBatch(posted);
    int taken;
    while ((taken = posted.take(batch)) > 0) {
      posts.abandon(lane, batch, taken, reason);
    }
  }

  private static Posted[] newBatch(Ring ring) {
    Posted[] batch = new Posted[Math.min(BATCH, ring.size())];
    for (int i = 0; i < batch.length; i++) {
      batch[i] = new Posted();
    }
    return batch;
  }

  /**
   * One thread of the lane, from its start. It runs at most once: if its thread runs it, it works;
   * if starting the thread failed first, {@link #settle()} claims it and gives its place back,
   * then starts another thread if tasks are waiting.
   */
  private final class Worker implements Runnable, Owed {
    volatile Thread thread;
    private final AtomicBoolean claimed = new AtomicBoolean();
    /** Set by the thread before it parks; cleared by whoever wakes it, or by itself. */
    private final AtomicBoolean parked = new AtomicBoolean();
    /** Where posted events are copied out of the ring; made when the thread first finds a ring. */
    private Posted[] batch;
    /** Written by the thread whose start failed, only. */
    private boolean cancelling;

    private boolean givenBack;

    @Override
    public void run() {
      if (!claimed.compareAndSet(false, true)) {
        return;
      }
      working.add(this);
      int seat = sit();
      if (max == 1) {
        ThreadState.get().serves = lane;
      }
      try {
        work();
      } finally {
        seats.set(seat, null);
        working.remove(this);
      }
    }

    /**
     * Takes a free seat: there is one, as at most {@code max} threads are alive and a thread that
     * ended frees its seat soon after it stopped counting as alive; until it did, this one waits.
     */
    private int sit() {
      for (; ; ) {
        for (int seat = 0; seat < seats.length(); seat++) {
          if (seats.get(seat) == null && seats.compareAndSet(seat, null, this)) {
            return seat;
          }
        }
        Thread.yield();
      }
    }

    /** Wakes this thread if it is parked and nobody woke it yet; returns whether this call did. */
    boolean wake() {
      if (parked.get() && parked.compareAndSet(true, false)) {
        asleep.decrementAndGet();
        LockSupport.unpark(thread);
        return true;
      }
      return false;
    }

    /** Takes back this thread's mark as parked, unless someone woke it; returns whether it did. */
    private boolean clearParked() {
      if (parked.compareAndSet(true, false)) {
        asleep.decrementAndGet();
        return true;
      }
      return false;
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
      if (!stopping && hasWork()) {
        startIfNeeded();
      }
    }

    private void work() {
      long idleSince = System.nanoTime();
      for (; ; ) {
        if (runTask() || deliverPosted()) {
          idleSince = System.nanoTime();
          continue;
        }
        if (stopping) {
          if (retire()) {
            return;
          }
          continue;
        }
        if (awaitWork()) {
          continue;
        }
        parked.set(true);
        asleep.incrementAndGet();
        if (hasWork() || stopping) {
          clearParked();
          continue;
        }
        LockSupport.parkNanos(this, Math.min(RECHECK_NANOS, idleNanos));
        boolean notWoken = clearParked();
        if (notWoken && !hasWork() && System.nanoTime() - idleSince >= idleNanos && retire()) {
          return;
        }
      }
    }

    /** Runs, or abandons once the lane stopped that way, one queued task; whether there was one. */
    private boolean runTask() {
      Runnable task = queue.poll();
      if (task == null) {
        return false;
      }
      // an interrupt meant for an earlier task is not this one's; cleared before the lane's state
      // is read, so that one from a shutdown that abandons work is kept for this task
      Thread.interrupted();
      Throwable stopped = stoppedBy;
      if (stopped != null) {
        if (task instanceof Abandonable work) {
          work.abandon(stopped);
        }
      } else {
        lane.run(task);
      }
      return true;
    }

    /**
     * Delivers, or abandons once the lane stopped that way, the posted events published at the
     * head of the ring, up to a batch; whether there were any.
     */
    private boolean deliverPosted() {
      Ring posted = ring;
      if (posted == null) {
        return false;
      }
      if (batch == null) {
        batch = newBatch(posted);
      }
      int taken = posted.take(batch, share(posted));
      if (taken == 0) {
        return false;
      }
      Throwable stopped = stoppedBy;
      if (stopped != null) {
        posts.abandon(lane, batch, taken, stopped);
      } else {
        posts.deliver(lane, batch, taken);
      }
      return true;
    }

    /**
     * How many of the queued events this thread takes at once: its share of them among the lane's
     * threads, so that a batch whose handlers block does not keep the other threads idle; all of
     * them, up to a batch, when the lane has one thread.
     */
    private int share(Ring posted) {
      if (max == 1) {
        return batch.length;
      }
      long each = (posted.queued() + max - 1) / max;
      return (int) Math.max(1, Math.min(batch.length, each));
    }

    /** Spins, then yields, a little while for work; whether some came (or the lane stopped). */
    private boolean awaitWork() {
      for (int spin = 0; spin < SPINS; spin++) {
        if (hasWork() || stopping) {
          return true;
        }
        Thread.onSpinWait();
      }
      for (int yields = 0; yields < YIELDS; yields++) {
        if (hasWork() || stopping) {
          return true;
        }
        Thread.yield();
      }
      return false;
    }

    /** Ends this thread's place, unless work came meanwhile and the place can be taken back. */
    private boolean retire() {
      live.decrementAndGet();
      if (!hasWork() || stoppedBy != null) {
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
