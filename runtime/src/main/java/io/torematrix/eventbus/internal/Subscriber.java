package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.RetryPolicy;
import io.torematrix.eventbus.annotation.DurableStart;
import io.torematrix.eventbus.annotation.Priority;
import io.torematrix.eventbus.spi.AsyncHandler;
import io.torematrix.eventbus.spi.BatchHandler;
import io.torematrix.eventbus.spi.ErrorCallback;
import io.torematrix.eventbus.spi.EventFilter;
import io.torematrix.eventbus.spi.HandlerSpec;
import io.torematrix.eventbus.spi.SyncHandler;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * One registered handler: a validated, immutable copy of its {@link HandlerSpec}, its compiled
 * topic patterns, its place in the registration order, and, for an ordered or a batch handler,
 * the queue or batcher that serves it; for a durable one, the signal that wakes its worker.
 *
 * <p>Every run of its code (filter and handler, or an error callback on its own) passes its gate:
 * {@link #tryEnter()} counts the invocation in unless the subscriber is {@linkplain #close
 * closed}, {@link #exit()} counts it out. {@link #awaitInvocations} waits until the invocations
 * counted in have all left, so that once unsubscribing returns no code of the subscriber runs or
 * starts. The count's sign bit is the closed flag: entering, closing and leaving are one atomic
 * operation each.
 */
final class Subscriber<E> implements Owed {
  private static final int CLOSED = Integer.MIN_VALUE;
  /** How often a closer looks again without being woken: bounds the cost of a lost wake-up. */
  private static final long RECHECK_MILLIS = 20;

  /** No topic pattern: every topic. Shared, never changed. */
  private static final TopicPattern[] EVERY_TOPIC = new TopicPattern[0];

  /** Priority level, then {@code order}, then registration order. */
  static final Comparator<Subscriber<?>> DELIVERY_ORDER = Subscriber::deliveryOrder;

  final Class<E> eventType;
  final String description;
  final Priority priority;
  final int order;
  final long sequence;
  /** The topic patterns as written; empty for every topic. */
  final List<String> topics;
  private final TopicPattern[] patterns;
  final EventFilter<? super E> filter;
  final ErrorCallback<? super E> onError;
  final SyncHandler<? super E> syncHandler;
  /** Whether the handler reads its context; if not, it is passed {@code null}. */
  final boolean takesContext;
  final AsyncHandler<? super E> asyncHandler;
  final BatchHandler<E> batchHandler;
  final int batchSize;
  final Duration batchWindow;
  final Duration timeout;
  /** The durable subscription's name, or {@code null} if it is not durable. */
  final String durable;
  final DurableStart startAt;
  final RetryPolicy retry;
  /** Wakes the worker of a durable subscriber; {@code null} for the others. */
  final DurableSignal signal;
  /** This subscriber alone, for tasks that deliver to it only. */
  final Subscriber<?>[] alone = {this};
  private SerialQueue serialQueue;
  private Batcher<E> batcher;
  /** Invocations in progress, with {@link #CLOSED} added once closed. */
  private final AtomicInteger gate = new AtomicInteger();
  /**
   * Whether it was closed while its bus was still open; written by the close that closed the gate,
   * just after. A reader that sees the gate closed before it may read {@code false}: a delivery
   * given up on is then reported failed rather than skipped, never lost.
   */
  private volatile boolean closedWhileBusOpen;

  private Subscriber(HandlerSpec<E> spec, long sequence, TopicPattern[] patterns) {
    this.eventType = spec.eventType();
    this.description = spec.description();
    this.priority = spec.priority();
    this.order = spec.order();
    this.sequence = sequence;
    this.topics = spec.topics();
    this.patterns = patterns;
    this.filter = spec.filter();
    this.onError = spec.onError();
    this.syncHandler = spec.syncHandler();
    this.takesContext = spec.takesContext();
    this.asyncHandler = spec.asyncHandler();
    this.batchHandler = spec.batchHandler();
    this.batchSize = spec.batchSize();
    this.batchWindow = spec.batchWindow();
    this.timeout = spec.timeout();
    this.durable = spec.durable();
    this.startAt = spec.startAt();
    this.retry = spec.retry();
    this.signal = durable == null ? null : new DurableSignal();
  }

  /**
   * Validates {@code spec} and freezes it. An ordered {@code NORMAL} subscriber gets a serial
   * queue on {@code normalExecutor}; a batch subscriber a batcher whose windows end through {@code
   * windows} ({@code null}: batches leave by size or flush only).
   *
   * @throws IllegalArgumentException if a topic pattern is invalid, no handler is set, a batch
   *     handler is not {@code DEFERRED}, a timeout is set on a handler that is not async, or a
   *     durable handler takes batches or has a priority or order
   */
  static <E> Subscriber<E> of(
      HandlerSpec<E> spec,
      long sequence,
      HandlerInvoker invoker,
      Executor normalExecutor,
      BatchWindows windows) {
    requireValid(spec);
    return make(spec, compile(spec.topics()), sequence, invoker, normalExecutor, windows);
  }

  /**
   * {@link #of(HandlerSpec, long, HandlerInvoker, Executor, BatchWindows)} with the topic
   * patterns of {@code spec} compiled already, as {@link #compile} does: how a listener class's
   * cached handler descriptions make the subscribers of each instance it registers.
   *
   * @throws IllegalArgumentException as that method does, except for the patterns
   */
  static <E> Subscriber<E> of(
      HandlerSpec<E> spec,
      TopicPattern[] patterns,
      long sequence,
      HandlerInvoker invoker,
      Executor normalExecutor,
      BatchWindows windows) {
    requireValid(spec);
    return make(spec, patterns, sequence, invoker, normalExecutor, windows);
  }

  private static <E> Subscriber<E> make(
      HandlerSpec<E> spec,
      TopicPattern[] patterns,
      long sequence,
      HandlerInvoker invoker,
      Executor normalExecutor,
      BatchWindows windows) {
    Subscriber<E> subscriber = new Subscriber<>(spec, sequence, patterns);
    if (spec.isOrdered() && spec.priority() == Priority.NORMAL && spec.durable() == null) {
      subscriber.serialQueue = new SerialQueue(normalExecutor);
    }
    if (spec.batchHandler() != null) {
      subscriber.batcher = new Batcher<>(subscriber, invoker, windows);
    }
    return subscriber;
  }

  private static void requireValid(HandlerSpec<?> spec) {
    if (spec.syncHandler() == null && spec.asyncHandler() == null && spec.batchHandler() == null) {
      throw new IllegalArgumentException(spec.description() + " has no handler");
    }
    if (spec.durable() != null) {
      requireDurableFits(spec);
    }
    if (spec.batchHandler() != null && spec.priority() != Priority.DEFERRED) {
      throw new IllegalArgumentException(
          spec.description()
              + " takes batches, which are delivered in the background: give it priority DEFERRED,"
              + " not "
              + spec.priority());
    }
    if (spec.timeout() != null && spec.asyncHandler() == null) {
      throw new IllegalArgumentException(
          spec.description()
              + " has a timeout but is not asynchronous: only a handler returning a"
              + " CompletionStage can be timed out");
    }
  }

  /**
   * Compiles {@code topics}, topic patterns; none for every topic.
   *
   * @throws IllegalArgumentException if a pattern is invalid, naming the fault
   */
  static TopicPattern[] compile(List<String> topics) {
    if (topics.isEmpty()) {
      return EVERY_TOPIC;
    }
    TopicPattern[] patterns = new TopicPattern[topics.size()];
    for (int i = 0; i < patterns.length; i++) {
      patterns[i] = TopicPattern.compile(topics.get(i));
    }
    return patterns;
  }

  private static void requireDurableFits(HandlerSpec<?> spec) {
    String durable = spec.description() + " is durable (\"" + spec.durable() + "\"): ";
    if (spec.batchHandler() != null) {
      throw new IllegalArgumentException(
          durable
              + "it is delivered event by event, each checkpointed, retried or parked on its own, so"
              + " it cannot take batches; subscribe a handler of single events");
    }
    if (spec.priority() != Priority.NORMAL) {
      throw new IllegalArgumentException(
          durable
              + "it is delivered from the store by a worker of its own, after publish, so it has no"
              + " priority level; remove priority "
              + spec.priority());
    }
    if (spec.order() != 0) {
      throw new IllegalArgumentException(
          durable
              + "it is delivered by a worker of its own, apart from the handlers publish runs, so it"
              + " has no place among them; remove order "
              + spec.order());
    }
  }

  /** {@link #DELIVERY_ORDER}: negative if {@code a} is delivered to before {@code b}. */
  static int deliveryOrder(Subscriber<?> a, Subscriber<?> b) {
    if (a.priority != b.priority) {
      return a.priority.compareTo(b.priority);
    }
    if (a.order != b.order) {
      return Integer.compare(a.order, b.order);
    }
    return Long.compare(a.sequence, b.sequence);
  }

  /** Whether this subscriber listens on {@code topic}. */
  boolean acceptsTopic(String topic) {
    return TopicPattern.anyMatches(patterns, topic);
  }

  /** Whether this subscriber is a durable subscription, delivered from the store by its worker. */
  boolean isDurable() {
    return durable != null;
  }

  /** Whether this subscriber only listens on some topics. */
  boolean isTopicSensitive() {
    return patterns.length > 0;
  }

  /** The serial queue of an ordered {@code NORMAL} subscriber, or {@code null}. */
  SerialQueue serialQueue() {
    return serialQueue;
  }

  /** The batcher of a batch subscriber, or {@code null}. */
  Batcher<E> batcher() {
    return batcher;
  }

  /**
   * Counts an invocation in, unless the subscriber is closed. It throws, a {@link
   * StackOverflowError} say, only before it counted anything.
   *
   * @return {@code false}, counting nothing, if the subscriber is closed
   */
  boolean tryEnter() {
    for (; ; ) {
      int state = gate.get();
      if (state < 0) {
        return false;
      }
      if (gate.compareAndSet(state, state + 1)) {
        return true;
      }
    }
  }

  /**
   * Counts an invocation out, waking a closer waiting for the last one. It throws only before it
   * counted anything; if only the wake-up overflows, the closer looks again by itself.
   */
  void exit() {
    if (gate.decrementAndGet() == CLOSED) {
      try {
        wakeClosers();
      } catch (StackOverflowError tooDeep) {
        // the closer looks again by itself
      }
    }
  }

  /** {@link #exit()}, owed. */
  @Override
  public void settle() {
    exit();
  }

  private synchronized void wakeClosers() {
    notifyAll();
  }

  boolean isActive() {
    return gate.get() >= 0;
  }

  /**
   * Lets no invocation in from now on; invocations counted in run to their end. Idempotent: only
   * the first close counts.
   *
   * @param busOpen whether the bus was still open when the subscription was closed (see {@link
   *     #leftBeforeBusClosed})
   */
  void close(boolean busOpen) {
    int state;
    do {
      state = gate.get();
      if (state < 0) {
        return;
      }
    } while (!gate.compareAndSet(state, state | CLOSED));
    closedWhileBusOpen = busOpen;
  }

  /**
   * Whether it was unsubscribed before its bus began to close: a delivery the bus gives up on at
   * close is then reported skipped (the subscriber would not have had it anyway), while one given
   * up on for a subscriber closed only after the bus began to close is reported failed, as it was
   * when the bus gave up on it, whichever thread reports it and however late.
   */
  boolean leftBeforeBusClosed() {
    return gate.get() < 0 && closedWhileBusOpen;
  }

  /**
   * Waits, after {@link #close}, until every invocation counted in has left, or until {@code
   * giveUp}, asked each time the closer looks again, says the wait can never end. Not
   * interruptible: an interrupt is kept in the thread's status for the caller.
   *
   * @return {@code true} if every invocation left, {@code false} if the closer gave up
   */
  boolean awaitInvocations(BooleanSupplier giveUp) {
    return (gate.get() & ~CLOSED) == 0 || awaitLeaving(giveUp);
  }

  private synchronized boolean awaitLeaving(BooleanSupplier giveUp) {
    boolean interrupted = false;
    boolean left = true;
    while ((gate.get() & ~CLOSED) != 0) {
      try {
        wait(RECHECK_MILLIS);
      } catch (InterruptedException e) {
        interrupted = true;
      }
      if ((gate.get() & ~CLOSED) != 0 && giveUp.getAsBoolean()) {
        left = false;
        break;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return left;
  }

  @Override
  public String toString() {
    return description;
  }
}
