package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.Cursor;
import io.torematrix.eventbus.DurableSubscriptions;
import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.HandlerFailure;
import io.torematrix.eventbus.LeaseLostException;
import io.torematrix.eventbus.PublishResult;
import io.torematrix.eventbus.RetryPolicy;
import io.torematrix.eventbus.StoredEvent;
import io.torematrix.eventbus.internal.LeaseKeeper.HeldLease;
import io.torematrix.eventbus.spi.EventRecord;
import io.torematrix.eventbus.spi.Lease;
import io.torematrix.eventbus.spi.ParkedEvent;
import io.torematrix.eventbus.spi.SubscriptionState;
import io.torematrix.eventbus.spi.SubscriptionStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Delivers one durable subscription, on a thread of its own: takes the subscription's lease (or
 * waits while another owner holds it), reads the store page by page after the checkpoint, delivers
 * each event of its types and topics to the handler, one at a time, awaiting an asynchronous
 * handler's stage, retries a failure with backoff and then parks the event, and saves the
 * checkpoint as {@link DurableSubscriptions} documents. Once at the head it sleeps until its
 * {@link DurableSignal} says an event was stored on this bus, or for the poll interval.
 *
 * <p>It stops delivering as soon as it is {@linkplain #stop() stopped} (after the event in
 * progress, saving its checkpoint and releasing its lease), or its lease is lost (at once, saving
 * nothing). A failure of the store ends the turn: the worker waits, takes the lease again and
 * resumes after the saved checkpoint.
 */
final class DurableWorker implements Runnable {
  private static final System.Logger LOG = System.getLogger("io.torematrix.eventbus");

  /** Events read from the store at once. */
  static final int PAGE = 500;

  private static final int RETRY_PAGE = 100;
  private static final long CHECKPOINT_EVERY_NANOS =
      TimeUnit.MILLISECONDS.toNanos(DurableSubscriptions.CHECKPOINT_EVERY_MILLIS);
  /** A delivery of a durable worker is not counted in flight: the worker waits for it itself. */
  private static final Owed NOTHING = () -> {};

  /** Where the worker stands, for status and drain. */
  enum State {
    /** Started, has not yet tried to take the lease. */
    STARTING,
    /** Holds the lease and delivers. */
    DELIVERING,
    /** Another owner holds the lease. */
    WAITING_FOR_LEASE,
    /** The store failed; it waits before trying again. */
    FAILING,
    /** Ended. */
    STOPPED
  }

  /** How one delivery attempt, or one event's attempts together, ended. */
  private enum Outcome {
    HANDLED,
    FAILED,
    PARKED,
    /** Not finished: the worker was stopped, its lease lost, or the subscription closed. */
    STOPPED
  }

  final Subscriber<?> subscriber;
  final String name;
  private final DurableSignal signal;
  private final Storage storage;
  private final SubscriptionStore subscriptions;
  private final EventTypes types;
  private final HandlerInvoker invoker;
  private final LeaseKeeper keeper;
  private final String owner;
  private final Cursor initial;
  /** The events of the subscription's types and topics; {@code null} when no known type is. */
  private final EventQuery query;
  private final RetryPolicy retry;
  private final Duration leaseTimeout;
  private final long pollNanos;
  private final Thread thread;
  private final CountDownLatch stopped = new CountDownLatch(1);

  private volatile boolean stopping;
  private volatile boolean retryRequested;
  /** Set by {@code drain}: read the head and save the checkpoint there. */
  private volatile boolean flushRequested;
  /** Set when close gave up waiting for it: it must not touch the store any more. */
  private volatile boolean abandoned;
  private volatile State state = State.STARTING;
  private volatile HeldLease held;
  /** How far it has handled (or passed over) the store while it holds the lease. */
  private volatile Cursor position;
  /** The checkpoint it saved last while it holds the lease. */
  private volatile Cursor checkpointed;

  /**
   * @param initial where the subscription starts if the store has no checkpoint for it
   * @param eventNames the stored type names its handler receives
   */
  DurableWorker(
      Subscriber<?> subscriber,
      Storage storage,
      EventTypes types,
      HandlerInvoker invoker,
      LeaseKeeper keeper,
      BusThreads threads,
      String owner,
      Cursor initial,
      List<String> eventNames,
      Duration leaseTimeout,
      Duration pollInterval) {
    this.subscriber = subscriber;
    this.name = subscriber.durable;
    this.signal = subscriber.signal;
    this.storage = storage;
    this.subscriptions = storage.subscriptions();
    this.types = types;
    this.invoker = invoker;
    this.keeper = keeper;
    this.owner = owner;
    this.initial = initial;
    this.query = eventNames.isEmpty() ? null : query(subscriber, eventNames);
    this.retry = subscriber.retry;
    this.leaseTimeout = leaseTimeout;
    this.pollNanos = pollInterval.toNanos();
    this.thread = threads.durableWorker(name, this);
  }

  /** Its types, and its topic pattern when it has exactly one (others are matched here). */
  private static EventQuery query(Subscriber<?> subscriber, List<String> eventNames) {
    EventQuery query = EventQuery.all().types(eventNames.toArray(String[]::new)).limit(PAGE);
    return subscriber.topics.size() == 1 ? query.topic(subscriber.topics.get(0)) : query;
  }

  void start() {
    thread.start();
  }

  /** Asks it to stop after the event in progress; it saves its checkpoint and releases its lease. */
  void stop() {
    stopping = true;
    signal.wake();
  }

  /** A retry of one of its parked events was requested on this bus: it looks at once. */
  void retryRequested() {
    retryRequested = true;
    signal.wake();
  }

  boolean isWorkerThread() {
    return Thread.currentThread() == thread;
  }

  /** Waits up to {@code deadline} for it to end. */
  boolean awaitStopped(Deadline deadline) throws InterruptedException {
    return stopped.await(deadline.remainingNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Gives up on a worker that did not stop in time: interrupts it (a handler awaiting a stage, or
   * sleeping, stops; one that ignores interrupts runs on, but delivers nothing more), then saves,
   * from this thread, the checkpoint it had reached before the event in progress, and releases its
   * lease. That event is delivered again later.
   */
  void abandon() {
    abandoned = true;
    thread.interrupt();
    HeldLease lease = held;
    Cursor reached = position;
    if (lease == null || lease.isLost()) {
      return;
    }
    lease.stop();
    try {
      subscriptions.checkpoint(lease.lease(), reached);
      subscriptions.release(lease.lease());
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "could not save the checkpoint of durable subscription \"" + name + "\" while closing",
          e);
    }
    LOG.log(
        System.Logger.Level.WARNING,
        "durable subscription \""
            + name
            + "\" was still delivering an event when the close timeout ran out; its checkpoint"
            + " stays at "
            + reached
            + ", so that event will be delivered again");
  }

  State state() {
    return state;
  }

  /** How far it has handled the store while it holds the lease, or {@code null}. */
  Cursor position() {
    return state == State.DELIVERING ? position : null;
  }

  /**
   * Waits until the subscription has handled everything up to {@code head} and its checkpoint is
   * saved there, or the worker stopped. While it delivers here, it is asked to read the head and save
   * its checkpoint there. While another owner holds the lease, the checkpoint that owner saved is
   * read from the store on the calling thread, again every poll interval: a live owner saves it at
   * the head once idle for its own poll interval, and the lease of a dead one lapses and is taken
   * here, so a subscription whose holder crashed is not reported caught up before it is.
   *
   * @return {@code false} if {@code deadline} passed first
   * @throws InterruptedException if the calling thread is interrupted
   * @throws RuntimeException what the store throws while its checkpoint is read
   */
  boolean awaitAt(Cursor head, Deadline deadline) throws InterruptedException {
    while (!isAt(head)) {
      if (state == State.WAITING_FOR_LEASE) {
        if (savedElsewhere(head)) {
          return true;
        }
        Deadline poll = deadline.earlier(pollNanos);
        signal.awaitProgress(() -> state != State.WAITING_FOR_LEASE, poll);
        if (deadline.remainingNanos() <= 0) {
          return false;
        }
        continue;
      }
      flushRequested = true;
      signal.wake();
      if (!signal.awaitProgress(() -> isAt(head) || state == State.WAITING_FOR_LEASE, deadline)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the subscription has handled everything up to {@code head} with its checkpoint saved
   * there: here, or, while another owner holds the lease, by that owner (read from the store on
   * the calling thread); or the worker stopped.
   */
  boolean isCaughtUp(Cursor head) {
    return isAt(head) || (state == State.WAITING_FOR_LEASE && savedElsewhere(head));
  }

  /** Whether it delivers here and saved its checkpoint at {@code head} or later, or it stopped. */
  private boolean isAt(Cursor head) {
    State now = state;
    if (now == State.STOPPED) {
      return true;
    }
    Cursor saved = checkpointed;
    return now == State.DELIVERING && saved != null && saved.compareTo(head) >= 0;
  }

  /** Whether the checkpoint in the store, saved by whoever holds the lease, is at {@code head} or later. */
  private boolean savedElsewhere(Cursor head) {
    for (SubscriptionState stored : subscriptions.states()) {
      if (stored.subscription().equals(name)) {
        return stored.checkpoint().compareTo(head) >= 0;
      }
    }
    return false;
  }

  @Override
  public void run() {
    long failures = 0;
    try {
      while (!stopping && !abandoned && subscriber.isActive()) {
        try {
          HeldLease lease = acquire();
          if (lease == null) {
            pause(state == State.FAILING ? backoff(++failures) : leaseTimeout.toNanos() / 5);
            continue;
          }
          held = lease;
          try {
            if (deliverWhileHeld(lease)) {
              failures = 0;
            } else {
              state = State.FAILING;
              pause(backoff(++failures));
            }
          } finally {
            lease.stop();
            held = null;
          }
        } catch (InterruptedException interrupted) {
          if (stopping || abandoned) {
            return; // close gave up waiting and interrupted it: it saved what could be saved
          }
          LOG.log(
              System.Logger.Level.WARNING,
              "the worker of durable subscription \""
                  + name
                  + "\" was interrupted, not by the bus (a handler that keeps its thread's interrupt"
                  + " status?); it goes on from its saved checkpoint");
        }
      }
    } finally {
      state = State.STOPPED;
      stopped.countDown();
      signal.progressed();
    }
  }

  /** The wait after {@code failures} store failures in a row: 100 ms doubling, up to a third of the lease timeout. */
  private long backoff(long failures) {
    long nanos = TimeUnit.MILLISECONDS.toNanos(100) << Math.min(failures - 1, 10);
    return Math.min(nanos, leaseTimeout.toNanos() / 3);
  }

  private void pause(long nanos) throws InterruptedException {
    signal.await(nanos, () -> stopping || abandoned || !subscriber.isActive());
    signal.takeEventStored();
  }

  /** Takes the lease, or returns {@code null} when another owner holds it or the store failed. */
  private HeldLease acquire() {
    try {
      long requestedAtNanos = System.nanoTime();
      Optional<Lease> lease = subscriptions.acquire(name, owner, leaseTimeout, initial);
      if (lease.isEmpty()) {
        state = State.WAITING_FOR_LEASE;
        signal.progressed();
        return null;
      }
      position = lease.get().checkpoint();
      checkpointed = position;
      LOG.log(
          System.Logger.Level.DEBUG,
          "durable subscription \"" + name + "\" taken by " + owner + " after " + position);
      return keeper.keep(lease.get(), requestedAtNanos, signal::wake);
    } catch (RuntimeException | Error storeFailure) {
      state = State.FAILING;
      LOG.log(
          System.Logger.Level.WARNING,
          "durable subscription \"" + name + "\" could not take its lease; it tries again",
          storeFailure);
      return null;
    }
  }

  /**
   * Delivers while it holds {@code lease}. While events flow it reads page after page and saves
   * its checkpoint by count and time; once a wait for events ends with none (it is idle), or
   * {@code drain} asks, it also reads the head before the next page, passes over what is not its
   * own up to it, and saves its checkpoint there.
   *
   * @return {@code true} when it stopped or lost the lease, {@code false} when the store failed
   */
  private boolean deliverWhileHeld(HeldLease lease) throws InterruptedException {
    Cursor cursor = position;
    Cursor saved = cursor;
    int unsaved = 0;
    long savedAt = System.nanoTime();
    long retriesCheckedAt = savedAt - pollNanos;
    boolean catchingUp = true;
    boolean idle = true;
    state = State.DELIVERING;
    signal.progressed();
    try {
      while (delivering(lease)) {
        if (retryRequested || System.nanoTime() - retriesCheckedAt >= pollNanos) {
          retryRequested = false;
          retriesCheckedAt = System.nanoTime();
          if (!deliverRequestedRetries(lease)) {
            break;
          }
        }
        signal.takeEventStored();
        boolean toHead = idle || takeFlushRequest();
        // Read before the page: everything up to it is visible to the page, so nothing of ours is
        // left at or before it once the page comes back short.
        Cursor head = toHead ? storage.head() : null;
        List<EventRecord> page = query == null ? List.of() : storage.read(query.after(cursor));
        for (EventRecord record : page) {
          if (!delivering(lease) || deliver(lease, record, catchingUp) == Outcome.STOPPED) {
            return finish(lease, cursor, saved);
          }
          cursor = record.cursor();
          position = cursor;
          if (++unsaved >= DurableSubscriptions.CHECKPOINT_EVERY_EVENTS
              || System.nanoTime() - savedAt >= CHECKPOINT_EVERY_NANOS) {
            save(lease, cursor);
            saved = cursor;
            unsaved = 0;
            savedAt = System.nanoTime();
          }
        }
        if (page.size() == PAGE) {
          idle = false;
          continue;
        }
        catchingUp = false;
        if (head != null && head.isAfter(cursor)) {
          cursor = head;
          position = cursor;
        }
        if (cursor.isAfter(saved)
            && (head != null || System.nanoTime() - savedAt >= CHECKPOINT_EVERY_NANOS)) {
          save(lease, cursor);
          saved = cursor;
          unsaved = 0;
          savedAt = System.nanoTime();
        }
        signal.progressed();
        idle =
            !signal.await(
                cursor.isAfter(saved) ? Math.min(pollNanos, CHECKPOINT_EVERY_NANOS) : pollNanos,
                () ->
                    stopping
                        || abandoned
                        || retryRequested
                        || flushRequested
                        || lease.isLost()
                        || !subscriber.isActive());
      }
      return finish(lease, cursor, saved);
    } catch (LeaseLostException lost) {
      LOG.log(
          System.Logger.Level.INFO,
          "durable subscription \"" + name + "\" stops delivering here: " + lost.getMessage());
      return true;
    } catch (RuntimeException | Error storeFailure) {
      if (abandoned) {
        return true;
      }
      LOG.log(
          System.Logger.Level.WARNING,
          "durable subscription \""
              + name
              + "\" stops at "
              + cursor
              + " because the store failed; it resumes after its saved checkpoint "
              + saved,
          storeFailure);
      return false;
    }
  }

  /** Whether {@code drain} asked it to read the head and save its checkpoint there; clears it. */
  private boolean takeFlushRequest() {
    boolean requested = flushRequested;
    if (requested) {
      flushRequested = false;
    }
    return requested;
  }

  /** Saves {@code cursor} as the checkpoint, under the lease. */
  private void save(HeldLease lease, Cursor cursor) {
    subscriptions.checkpoint(lease.lease(), cursor);
    checkpointed = cursor;
  }

  /** Whether to go on delivering: not stopped, and the lease still held. */
  private boolean delivering(HeldLease lease) {
    if (lease.isLost()) {
      throw new LeaseLostException(
          "the lease of durable subscription \"" + name + "\" was lost: " + lease.lostBecause());
    }
    return !stopping && !abandoned && subscriber.isActive();
  }

  /**
   * Ends a turn: unless the lease was lost or close gave up on the worker, saves the checkpoint and
   * releases the lease when stopping.
   */
  private boolean finish(HeldLease lease, Cursor cursor, Cursor saved) {
    if (lease.isLost() || abandoned) {
      return true;
    }
    if (cursor.isAfter(saved)) {
      save(lease, cursor);
    }
    if (stopping || !subscriber.isActive()) {
      lease.stop();
      subscriptions.release(lease.lease());
    }
    return true;
  }

  /** Delivers one stored record with its retries, or parks it. */
  private Outcome deliver(HeldLease lease, EventRecord record, boolean catchingUp)
      throws InterruptedException {
    StoredEvent stored;
    try {
      stored = storage.decode(record, false);
    } catch (RuntimeException | Error undecodable) {
      // an Error from the codec is a failure like an exception: the event is parked, where
      // letting it out would end the turn as a store failure and read the same event for ever
      park(lease, record, undecodable, 1, Instant.now());
      return Outcome.PARKED;
    }
    if (!subscriber.acceptsTopic(record.topic()) || !subscriber.eventType.isInstance(stored.event())) {
      return Outcome.HANDLED;
    }
    return attempts(lease, record, stored, 1, catchingUp, null);
  }

  /**
   * Makes the attempts the retry policy allows, numbered from {@code firstAttempt}, and parks the
   * event after the last failed one.
   */
  private Outcome attempts(
      HeldLease lease,
      EventRecord record,
      StoredEvent stored,
      int firstAttempt,
      boolean catchingUp,
      Instant firstFailedAt)
      throws InterruptedException {
    Instant firstFailure = firstFailedAt;
    for (int made = 1; ; made++) {
      int attempt = firstAttempt + made - 1;
      Throwable[] error = new Throwable[1];
      Outcome outcome = deliverOnce(stored, attempt, catchingUp, error);
      if (outcome != Outcome.FAILED) {
        return outcome;
      }
      if (firstFailure == null) {
        firstFailure = Instant.now();
      }
      if (made >= retry.maxAttempts()) {
        park(lease, record, error[0], attempt, firstFailure);
        return Outcome.PARKED;
      }
      boolean slept =
          signal.sleep(
              retry.backoffAfter(made).toNanos(),
              () -> stopping || abandoned || lease.isLost() || !subscriber.isActive());
      if (!slept || !delivering(lease)) {
        return Outcome.STOPPED;
      }
    }
  }

  /** Delivers once through the invoker (filter, handler, error callbacks, metrics). */
  private Outcome deliverOnce(
      StoredEvent stored, int attempt, boolean catchingUp, Throwable[] error)
      throws InterruptedException {
    EventContext context =
        stored.context().toBuilder().attempt(attempt).catchingUp(catchingUp).build();
    EventType type = types.require(stored.event().getClass());
    Publication publication = new Publication(stored.event(), context, 0, type.metrics(), NOTHING);
    invoker.deliver(subscriber, publication, ThreadState.get());
    publication.settle();
    PublishResult result;
    try {
      result = publication.result().get();
    } catch (ExecutionException impossible) {
      throw new IllegalStateException("a publication's result never fails", impossible);
    }
    if (result.failed() > 0) {
      for (HandlerFailure failure : result.failures()) {
        if (failure.step() != HandlerFailure.Step.ERROR_CALLBACK) {
          error[0] = failure.error();
          break;
        }
      }
      return Outcome.FAILED;
    }
    return result.delivered() + result.filtered() > 0 ? Outcome.HANDLED : Outcome.STOPPED;
  }

  private void park(
      HeldLease lease, EventRecord record, Throwable error, int attempts, Instant firstFailedAt) {
    subscriptions.park(
        lease.lease(),
        new ParkedEvent(
            name,
            record,
            describe(error),
            attempts,
            firstFailedAt,
            Instant.now(),
            ParkedEvent.Status.PARKED));
    LOG.log(
        System.Logger.Level.WARNING,
        "durable subscription \""
            + name
            + "\" parked "
            + record.typeName()
            + " event "
            + record.eventId()
            + " at "
            + record.cursor()
            + " after "
            + attempts
            + (attempts == 1 ? " attempt: " : " attempts: ")
            + error);
  }

  /** The error's class, message and stack trace, as the store keeps it (cut to its limit there). */
  private static String describe(Throwable error) {
    StringWriter text = new StringWriter();
    error.printStackTrace(new PrintWriter(text));
    String all = text.toString();
    return all.length() > ParkedEvent.MAX_ERROR_CHARS ? all.substring(0, ParkedEvent.MAX_ERROR_CHARS) : all;
  }

  /**
   * Delivers the parked events whose retry was requested, each with a fresh round of attempts,
   * numbered on from those it was parked after; an event that succeeds is resolved, one that fails
   * again is parked again.
   *
   * @return {@code false} if it stopped first
   */
  private boolean deliverRequestedRetries(HeldLease lease) throws InterruptedException {
    while (true) {
      List<ParkedEvent> requested = subscriptions.retryRequested(lease.lease(), RETRY_PAGE);
      for (ParkedEvent parked : requested) {
        if (!delivering(lease) || retryParked(lease, parked) == Outcome.STOPPED) {
          return false;
        }
      }
      if (requested.size() < RETRY_PAGE) {
        return true;
      }
    }
  }

  private Outcome retryParked(HeldLease lease, ParkedEvent parked) throws InterruptedException {
    EventRecord record = parked.record();
    StoredEvent stored;
    try {
      stored = storage.decode(record, false);
    } catch (RuntimeException | Error undecodable) {
      park(lease, record, undecodable, parked.attempts() + 1, parked.firstFailedAt());
      return Outcome.PARKED;
    }
    if (!subscriber.eventType.isInstance(stored.event())) {
      park(
          lease,
          record,
          new IllegalStateException(
              "a retry was requested, but "
                  + subscriber.description
                  + " no longer receives "
                  + record.typeName()
                  + " events"),
          parked.attempts(),
          parked.firstFailedAt());
      return Outcome.PARKED;
    }
    Outcome outcome =
        attempts(lease, record, stored, parked.attempts() + 1, false, parked.firstFailedAt());
    if (outcome == Outcome.HANDLED) {
      subscriptions.resolved(lease.lease(), record.eventId());
    }
    return outcome;
  }

  @Override
  public String toString() {
    return "durable subscription \"" + name + "\" (" + state + ")";
  }
}
