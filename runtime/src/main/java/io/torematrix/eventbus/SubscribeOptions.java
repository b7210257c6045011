package io.torematrix.eventbus;

import io.torematrix.eventbus.annotation.DurableNames;
import io.torematrix.eventbus.annotation.DurableStart;
import io.torematrix.eventbus.annotation.Priority;
import io.torematrix.eventbus.annotation.Subscribe;
import io.torematrix.eventbus.annotation.SubscribeLimits;
import io.torematrix.eventbus.annotation.TopicSyntax;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * How a subscription made with the lambda API behaves: the counterpart of the attributes of
 * {@link Subscribe}. Immutable; each method returns a new instance.
 *
 * <pre>{@code
 * bus.subscribe(UserLoggedIn.class, audit::record, SubscribeOptions.<UserLoggedIn>defaults()
 *     .topics("users.*")
 *     .filter(e -> e.userId().startsWith("admin"))
 *     .onError((e, error) -> log.warn("audit failed for " + e, error)));
 * }</pre>
 *
 * @param <E> the event type subscribed to
 */
public final class SubscribeOptions<E> {
  private static final SubscribeOptions<?> DEFAULTS = new SubscribeOptions<>();

  private Priority priority = Priority.NORMAL;
  private int order;
  private List<String> topics = List.of();
  private Predicate<? super E> filter;
  private BiConsumer<? super E, Throwable> onError;
  private boolean ordered;
  private Duration timeout;
  private int batchSize = 100;
  private Duration batchWindow = Duration.ofMillis(100);
  private String durable;
  private DurableStart startAt = DurableStart.HEAD;
  private RetryPolicy retry = RetryPolicy.defaults();

  private SubscribeOptions() {}

  private SubscribeOptions<E> copy() {
    SubscribeOptions<E> copy = new SubscribeOptions<>();
    copy.priority = priority;
    copy.order = order;
    copy.topics = topics;
    copy.filter = filter;
    copy.onError = onError;
    copy.ordered = ordered;
    copy.timeout = timeout;
    copy.batchSize = batchSize;
    copy.batchWindow = batchWindow;
    copy.durable = durable;
    copy.startAt = startAt;
    copy.retry = retry;
    return copy;
  }

  /**
   * {@link Priority#NORMAL}, order 0, every topic, no filter, no error callback, unordered, no
   * timeout; batches of up to 100 events or 100 ms; not durable (if made durable: starting at the
   * head, retrying as {@link RetryPolicy#defaults()}).
   *
   * @param <E> the event type
   * @return the default options
   */
  @SuppressWarnings("unchecked") // holds no E
  public static <E> SubscribeOptions<E> defaults() {
    return (SubscribeOptions<E>) DEFAULTS;
  }

  /**
   * Runs the handler at {@code priority}.
   *
   * @param priority when the handler runs
   * @return options with that priority
   */
  public SubscribeOptions<E> priority(Priority priority) {
    SubscribeOptions<E> copy = copy();
    copy.priority = Objects.requireNonNull(priority, "priority");
    return copy;
  }

  /**
   * Places the handler among those of the same priority: lower runs first.
   *
   * @param order the position among handlers of the same priority, lower first
   * @return options with that order
   * @throws IllegalArgumentException if outside {@link Subscribe#MIN_ORDER} to {@link
   *     Subscribe#MAX_ORDER}
   */
  public SubscribeOptions<E> order(int order) {
    String problem = SubscribeLimits.orderProblem(order);
    if (problem != null) {
      throw new IllegalArgumentException("order " + order + " is out of range: " + problem);
    }
    SubscribeOptions<E> copy = copy();
    copy.order = order;
    return copy;
  }

  /**
   * Listens only on topics matching one of {@code patterns} ({@code *} matches one token, {@code
   * >} the rest); none means every topic. A pattern given twice counts once.
   *
   * @param patterns the topic patterns; none for every topic
   * @return options with those topics
   * @throws NullPointerException if a pattern is {@code null}, naming its index
   * @throws IllegalArgumentException if a pattern is invalid, naming the fault
   */
  public SubscribeOptions<E> topics(String... patterns) {
    List<String> list = List.copyOf(new LinkedHashSet<>(Arguments.listOf("patterns", patterns)));
    list.forEach(pattern -> TopicSyntax.requireValid(pattern, true));
    SubscribeOptions<E> copy = copy();
    copy.topics = list;
    return copy;
  }

  /**
   * Delivers only events {@code filter} accepts; the others are counted as filtered.
   *
   * @param filter accepts the events to deliver
   * @return options with that filter
   */
  public SubscribeOptions<E> filter(Predicate<? super E> filter) {
    SubscribeOptions<E> copy = copy();
    copy.filter = Objects.requireNonNull(filter, "filter");
    return copy;
  }

  /**
   * Tells {@code onError} about each failure of the handler (for a batch handler, once per event
   * of the failed batch). The failure still reaches the bus's error handler and the publish
   * result.
   *
   * @param onError told about each failure of the handler, with the event
   * @return options with that callback
   */
  public SubscribeOptions<E> onError(BiConsumer<? super E, Throwable> onError) {
    SubscribeOptions<E> copy = copy();
    copy.onError = Objects.requireNonNull(onError, "onError");
    return copy;
  }

  /**
   * Delivers to a {@code NORMAL} handler one event at a time, in publish order; see {@link
   * Subscribe#ordered()}.
   *
   * @return ordered options
   */
  public SubscribeOptions<E> ordered() {
    SubscribeOptions<E> copy = copy();
    copy.ordered = true;
    return copy;
  }

  /**
   * Fails an asynchronous handler (see {@code subscribeAsync}) with a {@code TimeoutException} if
   * its stage has not completed after {@code timeout}.
   *
   * @param timeout how long the stage of an asynchronous handler may take; positive
   * @return options with that timeout
   * @throws IllegalArgumentException if {@code timeout} is not positive
   */
  public SubscribeOptions<E> timeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive but was " + timeout);
    }
    SubscribeOptions<E> copy = copy();
    copy.timeout = timeout;
    return copy;
  }

  /**
   * Sizes the batches of a batch handler (see {@code subscribeBatch}): up to {@code maxSize}
   * events, or whatever arrived within {@code window} of the first.
   *
   * @param maxSize the most events of one batch
   * @param window how long a batch waits for more events
   * @return batching options
   * @throws IllegalArgumentException if {@code maxSize} is outside 1 to {@link
   *     Subscribe#MAX_BATCH_SIZE}, or {@code window} outside 1 ms to one hour
   */
  public SubscribeOptions<E> batch(int maxSize, Duration window) {
    String sizeProblem = SubscribeLimits.batchSizeProblem(maxSize);
    if (sizeProblem != null) {
      throw new IllegalArgumentException("batch size " + maxSize + " is out of range: " + sizeProblem);
    }
    Objects.requireNonNull(window, "window");
    String windowProblem = SubscribeLimits.batchWindowProblem(TimeUnit.MILLISECONDS.convert(window));
    if (windowProblem != null) {
      throw new IllegalArgumentException(
          "batch window " + window + " is out of range: " + windowProblem);
    }
    SubscribeOptions<E> copy = copy();
    copy.batchSize = maxSize;
    copy.batchWindow = window;
    return copy;
  }

  /**
   * Makes the subscription durable under {@code name}: the handler receives the stored events of its
   * type and topics, in store order, at least once, from a worker thread of its own, resuming after
   * a checkpoint kept in the bus's store (see {@link Subscribe#durable()}). A durable subscription
   * keeps the default priority and order and takes single events; the bus needs a store.
   *
   * <pre>{@code
   * bus.subscribe(OrderPlaced.class, projection::apply, SubscribeOptions.defaults()
   *     .durable("order-projection")
   *     .startAt(DurableStart.BEGINNING));
   * }</pre>
   *
   * @param name the durable subscription's name, unique per store
   * @return durable options
   * @throws IllegalArgumentException if {@code name} is not 1 to 64 characters from {@code A-Z a-z
   *     0-9 _ -}, naming what is wrong
   */
  public SubscribeOptions<E> durable(String name) {
    DurableNames.requireValid(name);
    SubscribeOptions<E> copy = copy();
    copy.durable = name;
    return copy;
  }

  /**
   * Where a durable subscription starts the first time it runs (when the store has no checkpoint
   * for it yet); {@link DurableStart#HEAD} by default.
   *
   * @param start where to start
   * @return options with that start
   */
  public SubscribeOptions<E> startAt(DurableStart start) {
    SubscribeOptions<E> copy = copy();
    copy.startAt = Objects.requireNonNull(start, "start");
    return copy;
  }

  /**
   * How a durable subscription retries a failed delivery before it parks the event.
   *
   * @param policy the retry policy
   * @return options with that policy
   */
  public SubscribeOptions<E> retry(RetryPolicy policy) {
    SubscribeOptions<E> copy = copy();
    copy.retry = Objects.requireNonNull(policy, "policy");
    return copy;
  }

  /** {@return the priority level} */
  public Priority priority() {
    return priority;
  }

  /** {@return the order within the priority level} */
  public int order() {
    return order;
  }

  /** {@return the topic patterns; empty for every topic} */
  public List<String> topics() {
    return topics;
  }

  /** {@return the filter, or {@code null}} */
  public Predicate<? super E> filter() {
    return filter;
  }

  /** {@return the error callback, or {@code null}} */
  public BiConsumer<? super E, Throwable> onError() {
    return onError;
  }

  /** {@return whether a {@code NORMAL} handler sees events one at a time, in publish order} */
  public boolean isOrdered() {
    return ordered;
  }

  /** {@return the timeout of an asynchronous handler, or {@code null} for none} */
  public Duration timeout() {
    return timeout;
  }

  /** {@return the most events of one batch} */
  public int batchSize() {
    return batchSize;
  }

  /** {@return how long a batch waits for more events} */
  public Duration batchWindow() {
    return batchWindow;
  }

  /**
   * {@return the durable subscription's name, or {@code null} for a subscription that is not
   * durable}
   */
  public String durable() {
    return durable;
  }

  /** {@return where a new durable subscription starts} */
  public DurableStart startAt() {
    return startAt;
  }

  /** {@return how a durable subscription retries} */
  public RetryPolicy retry() {
    return retry;
  }
}
