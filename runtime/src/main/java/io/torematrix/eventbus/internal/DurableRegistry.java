package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.Cursor;
import io.torematrix.eventbus.DeadEvent;
import io.torematrix.eventbus.DurableSubscriptionStatus;
import io.torematrix.eventbus.DurableSubscriptions;
import io.torematrix.eventbus.Subscription;
import io.torematrix.eventbus.annotation.DurableNames;
import io.torematrix.eventbus.annotation.DurableStart;
import io.torematrix.eventbus.spi.ParkedEvent;
import io.torematrix.eventbus.spi.SubscriptionState;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The durable subscriptions of one bus: starts a {@link DurableWorker} for each durable subscriber
 * that joins, stops it when its subscription closes (waiting for the event in progress, as {@code
 * close()} of a subscription promises), waits for them in {@code drain} and stops them all in
 * {@code close}; and answers {@link DurableSubscriptions} from the store and the workers.
 *
 * <p>Each bus is one owner of leases, named {@code <host>/<pid>/bus-<n>/<random>}: the random part
 * tells a restarted process from the one before it, even if it got the same process id.
 */
final class DurableRegistry implements DurableSubscriptions {
  private final Storage storage;
  private final EventTypes types;
  private final HandlerInvoker invoker;
  private final BusThreads threads;
  private final Duration leaseTimeout;
  private final Duration pollInterval;
  private final Duration closeTimeout;
  private final Object lock = new Object();
  /** By name; changed under {@link #lock}. */
  private final Map<String, DurableWorker> workers = new ConcurrentHashMap<>();
  /** Guarded by {@link #lock}; made with the first durable subscription. */
  private LeaseKeeper keeper;
  /** Guarded by {@link #lock}. */
  private String owner;
  /** Guarded by {@link #lock}. */
  private boolean closed;

  /** @param storage the bus's store, or {@code null} without one */
  DurableRegistry(
      BusBuilder builder,
      Storage storage,
      EventTypes types,
      HandlerInvoker invoker,
      BusThreads threads) {
    this.storage = storage;
    this.types = types;
    this.invoker = invoker;
    this.threads = threads;
    this.leaseTimeout = builder.durableLeaseTimeout;
    this.pollInterval = builder.durablePollInterval;
    this.closeTimeout = builder.closeTimeout;
  }

  /**
   * @throws IllegalStateException if the bus has no store, for the durable handler {@code
   *     description} named {@code name}
   */
  void requireStore(String description, String name) {
    if (storage == null) {
      throw new IllegalStateException(
          description
              + " is a durable subscription (\""
              + name
              + "\"), which reads its events and keeps its checkpoint in the bus's store, but the"
              + " bus has none: configure one with EventBus.builder().store(...)");
    }
  }

  /**
   * Starts a worker for each durable subscriber of {@code subscribers}. The head of the store is
   * read here, on the subscribing thread, so that a subscription that starts at the head receives
   * every event published after {@code subscribe} returned.
   *
   * @throws IllegalStateException if a name is already subscribed on this bus, or the bus closed;
   *     no worker is started then
   * @throws IllegalArgumentException if one takes {@code DeadEvent}s, which are not stored
   */
  void start(List<Subscriber<?>> subscribers) {
    List<Subscriber<?>> durable = new ArrayList<>();
    for (Subscriber<?> subscriber : subscribers) {
      if (subscriber.isDurable()) {
        requireStore(subscriber.description, subscriber.durable);
        if (subscriber.eventType == DeadEvent.class) {
          throw new IllegalArgumentException(
              subscriber.description
                  + " is a durable subscription (\""
                  + subscriber.durable
                  + "\") to DeadEvent, which the bus reports as it happens and never stores:"
                  + " subscribe an ordinary handler to it");
        }
        durable.add(subscriber);
      }
    }
    if (durable.isEmpty()) {
      return;
    }
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("the bus is closed: cannot subscribe " + durable);
      }
      Set<String> names = new HashSet<>();
      for (Subscriber<?> subscriber : durable) {
        DurableWorker running = workers.get(subscriber.durable);
        if (running != null || !names.add(subscriber.durable)) {
          throw new IllegalStateException(
              "durable subscription \""
                  + subscriber.durable
                  + "\" is already subscribed on this bus"
                  + (running != null ? ", by " + running.subscriber.description : "")
                  + ": a name is one subscription, with one checkpoint, delivered to one handler."
                  + " Give "
                  + subscriber.description
                  + " a name of its own, or close the other subscription first");
        }
      }
      Cursor head = null;
      for (Subscriber<?> subscriber : durable) {
        if (subscriber.startAt == DurableStart.HEAD && head == null) {
          head = storage.head();
        }
      }
      if (owner == null) {
        owner = OwnerIds.next(threads.busNumber());
        keeper = new LeaseKeeper(threads, storage.subscriptions(), leaseTimeout);
      }
      List<DurableWorker> started = new ArrayList<>();
      for (Subscriber<?> subscriber : durable) {
        DurableWorker worker =
            new DurableWorker(
                subscriber,
                storage,
                types,
                invoker,
                keeper,
                threads,
                owner,
                subscriber.startAt == DurableStart.HEAD ? head : Cursor.START,
                types.namesDeliveredTo(subscriber.eventType),
                leaseTimeout,
                pollInterval);
        workers.put(subscriber.durable, worker);
        started.add(worker);
      }
      started.forEach(DurableWorker::start);
    }
  }

  /**
   * Stops the workers of the durable subscribers among {@code subscribers}, whose subscription
   * closed, and waits for each to finish the event in progress (up to the close timeout), unless
   * called from that very worker, a handler unsubscribing itself.
   */
  void stop(List<Subscriber<?>> subscribers) {
    List<DurableWorker> stopping = new ArrayList<>();
    synchronized (lock) {
      for (Subscriber<?> subscriber : subscribers) {
        if (subscriber.isDurable() && workers.get(subscriber.durable) != null
            && workers.get(subscriber.durable).subscriber == subscriber) {
          DurableWorker worker = workers.remove(subscriber.durable);
          worker.stop();
          stopping.add(worker);
        }
      }
    }
    awaitStopped(stopping, Deadline.after(closeTimeout));
  }

  /** Asks every worker to stop after the event in progress; {@link #close} waits for them. */
  void beginClose() {
    synchronized (lock) {
      closed = true;
      workers.values().forEach(DurableWorker::stop);
    }
  }

  /**
   * Waits until {@code deadline} for every worker to stop, gives up on those still running (see
   * {@link DurableWorker#abandon()}), and stops renewing leases. An interrupt ends the wait and is
   * kept in the thread's status.
   */
  void close(Deadline deadline) {
    beginClose();
    List<DurableWorker> all;
    LeaseKeeper leases;
    synchronized (lock) {
      all = new ArrayList<>(workers.values());
      workers.clear();
      leases = keeper;
    }
    try {
      awaitStopped(all, deadline);
    } finally {
      if (leases != null) {
        leases.shutdown();
      }
    }
  }

  private static void awaitStopped(List<DurableWorker> stopping, Deadline deadline) {
    boolean interrupted = false;
    for (DurableWorker worker : stopping) {
      if (worker.isWorkerThread()) {
        continue;
      }
      try {
        if (interrupted || !worker.awaitStopped(deadline)) {
          worker.abandon();
        }
      } catch (InterruptedException e) {
        interrupted = true;
        worker.abandon();
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * @throws IllegalStateException if the calling thread is the worker of one of this bus's durable
   *     subscriptions, whose handler would wait for itself to {@code action}
   */
  void requireNotInDurableHandler(String action) {
    for (DurableWorker worker : workers.values()) {
      if (worker.isWorkerThread()) {
        throw new IllegalStateException(
            action
                + " was called from inside the handler of durable subscription \""
                + worker.name
                + "\", and would wait for that handler to finish; "
                + action.substring(0, action.indexOf('('))
                + " the bus from outside its durable handlers");
      }
    }
  }

  /**
   * Waits until every durable subscription registered on this bus has handled the events stored up
   * to the head as it is now, here or by the owner of its lease, or until {@code deadline}.
   *
   * @return {@code false} if the deadline passed first
   */
  boolean awaitCaughtUp(Deadline deadline) throws InterruptedException {
    if (workers.isEmpty()) {
      return true;
    }
    Cursor head = storage.head();
    for (DurableWorker worker : List.copyOf(workers.values())) {
      if (!worker.awaitAt(head, deadline)) {
        return false;
      }
    }
    return true;
  }

  /** Whether every durable subscription registered on this bus is at the head of the store now. */
  boolean isCaughtUp() {
    if (workers.isEmpty()) {
      return true;
    }
    Cursor head = storage.head();
    for (DurableWorker worker : workers.values()) {
      if (!worker.isCaughtUp(head)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public List<DurableSubscriptionStatus> status() {
    if (storage == null) {
      return List.of();
    }
    Cursor head = storage.head();
    Map<String, SubscriptionState> states = new TreeMap<>();
    for (SubscriptionState state : storage.subscriptions().states()) {
      states.put(state.subscription(), state);
    }
    Map<String, DurableWorker> here = new TreeMap<>(workers);
    Set<String> names = new java.util.TreeSet<>(states.keySet());
    names.addAll(here.keySet());
    List<DurableSubscriptionStatus> all = new ArrayList<>();
    for (String name : names) {
      all.add(statusOf(name, states.get(name), here.get(name), head));
    }
    return List.copyOf(all);
  }

  @Override
  public Optional<DurableSubscriptionStatus> status(String name) {
    DurableNames.requireValid(name);
    if (storage == null) {
      return Optional.empty();
    }
    Cursor head = storage.head();
    SubscriptionState state = null;
    for (SubscriptionState candidate : storage.subscriptions().states()) {
      if (candidate.subscription().equals(name)) {
        state = candidate;
      }
    }
    DurableWorker worker = workers.get(name);
    return state == null && worker == null
        ? Optional.empty()
        : Optional.of(statusOf(name, state, worker, head));
  }

  private static DurableSubscriptionStatus statusOf(
      String name, SubscriptionState state, DurableWorker worker, Cursor head) {
    SubscriptionState known =
        state != null ? state : new SubscriptionState(name, Cursor.START, Optional.empty(), Optional.empty(), 0);
    return new DurableSubscriptionStatus(
        name,
        known.checkpoint(),
        known.lag(head),
        known.parked(),
        known.owner(),
        known.leaseExpiresAt(),
        worker != null,
        worker != null && worker.position() != null);
  }

  @Override
  public List<ParkedEvent> parked(String name, int limit) {
    DurableNames.requireValid(name);
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1 but was " + limit);
    }
    return requireStore().subscriptions().parked(name, limit);
  }

  @Override
  public boolean retry(String name, UUID eventId) {
    DurableNames.requireValid(name);
    Objects.requireNonNull(eventId, "eventId");
    boolean requested = requireStore().subscriptions().requestRetry(name, eventId);
    DurableWorker worker = workers.get(name);
    if (requested && worker != null) {
      worker.retryRequested();
    }
    return requested;
  }

  @Override
  public boolean discard(String name, UUID eventId) {
    DurableNames.requireValid(name);
    Objects.requireNonNull(eventId, "eventId");
    return requireStore().subscriptions().discard(name, eventId);
  }

  @Override
  public Subscription onEventStored(Runnable listener) {
    Objects.requireNonNull(listener, "listener");
    return requireStore().stored.add(listener);
  }

  private Storage requireStore() {
    if (storage == null) {
      throw new IllegalStateException(
          "the bus has no store, so no durable subscriptions: configure one with"
              + " EventBus.builder().store(...)");
    }
    return storage;
  }

  @Override
  public String toString() {
    return "DurableSubscriptions" + workers.values();
  }

  /** The lease owner ids of the buses of this process. */
  private static final class OwnerIds {
    private static final String PROCESS = host() + "/" + ProcessHandle.current().pid();

    static String next(int busNumber) {
      return PROCESS + "/bus-" + busNumber + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String host() {
      try {
        return InetAddress.getLocalHost().getHostName();
      } catch (java.io.IOException | SecurityException unknown) {
        return "unknown-host";
      }
    }
  }
}
