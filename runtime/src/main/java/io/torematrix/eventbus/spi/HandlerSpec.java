package io.torematrix.eventbus.spi;

import io.torematrix.eventbus.RetryPolicy;
import io.torematrix.eventbus.annotation.DurableNames;
import io.torematrix.eventbus.annotation.DurableStart;
import io.torematrix.eventbus.annotation.Priority;
import io.torematrix.eventbus.annotation.Subscribe;
import io.torematrix.eventbus.annotation.SubscribeLimits;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Everything the bus needs to know about one handler: the event type it takes, when it runs, on
 * which topics, its filter and error callback, and the call that runs it. Generated dispatchers
 * build one per {@code @Subscribe} method; the lambda API builds one per {@code subscribe} call.
 *
 * <p>A spec is filled in by one thread and then handed to a {@link HandlerRegistrar}, which reads
 * it once; it is not meant to be shared or reused.
 *
 * <pre>{@code
 * registrar.add(HandlerSpec.of(UserLoggedIn.class, "LoginAudit.onLogin(UserLoggedIn)")
 *     .priority(Priority.IMMEDIATE)
 *     .sync((event, context) -> target.onLogin(event)));
 * }</pre>
 *
 * @param <E> the event type the handler takes
 */
public final class HandlerSpec<E> {
  private final Class<E> eventType;
  private final String description;
  private Priority priority = Priority.NORMAL;
  private int order;
  private List<String> topics = List.of();
  private EventFilter<? super E> filter;
  private ErrorCallback<? super E> onError;
  private SyncHandler<? super E> syncHandler;
  private AsyncHandler<? super E> asyncHandler;
  private BatchHandler<E> batchHandler;
  private int batchSize;
  private Duration batchWindow;
  private boolean ordered;
  private Duration timeout;
  private String durable;
  private DurableStart startAt = DurableStart.HEAD;
  private RetryPolicy retry = RetryPolicy.defaults();
  private boolean takesContext = true;

  private HandlerSpec(Class<E> eventType, String description) {
    this.eventType = eventType;
    this.description = description;
  }

  /**
   * Starts the description of a handler.
   *
   * @param eventType the type of event the handler takes
   * @param description how errors and results name the handler, such as {@code
   *     "LoginAudit.onLogin(UserLoggedIn)"}
   * @param <E> the event type
   * @return a new spec, with every setting at its default
   */
  public static <E> HandlerSpec<E> of(Class<E> eventType, String description) {
    return new HandlerSpec<>(
        Objects.requireNonNull(eventType, "eventType"),
        Objects.requireNonNull(description, "description"));
  }

  /**
   * Sets when the handler runs; {@link Priority#NORMAL} unless set.
   *
   * @param priority when the handler runs
   * @return this spec
   */
  public HandlerSpec<E> priority(Priority priority) {
    this.priority = Objects.requireNonNull(priority, "priority");
    return this;
  }

  /**
   * Sets the position among handlers of the same priority, lower first; 0 unless set.
   *
   * @param order the position among handlers of the same priority, lower first
   * @return this spec
   * @throws IllegalArgumentException if {@code order} is outside {@link Subscribe#MIN_ORDER} to
   *     {@link Subscribe#MAX_ORDER}
   */
  public HandlerSpec<E> order(int order) {
    String problem = SubscribeLimits.orderProblem(order);
    if (problem != null) {
      throw new IllegalArgumentException(
          "order " + order + " of " + description + " is out of range: " + problem);
    }
    this.order = order;
    return this;
  }

  /**
   * Sets the topic patterns the handler listens on; none means every topic.
   *
   * @param patterns the topic patterns; none for every topic
   * @return this spec
   * @throws NullPointerException if a pattern is {@code null}, naming its index
   */
  public HandlerSpec<E> topics(String... patterns) {
    Objects.requireNonNull(patterns, "patterns");
    for (int i = 0; i < patterns.length; i++) {
      if (patterns[i] == null) {
        throw new NullPointerException("patterns[" + i + "] of " + description + " is null");
      }
    }
    this.topics = List.of(patterns);
    return this;
  }

  /**
   * Sets the filter; an event it rejects is counted as filtered.
   *
   * @param filter decides which events reach the handler
   * @return this spec
   */
  public HandlerSpec<E> filter(EventFilter<? super E> filter) {
    this.filter = Objects.requireNonNull(filter, "filter");
    return this;
  }

  /**
   * Sets the callback told about this handler's failures.
   *
   * @param onError the callback
   * @return this spec
   */
  public HandlerSpec<E> onError(ErrorCallback<? super E> onError) {
    this.onError = Objects.requireNonNull(onError, "onError");
    return this;
  }

  /**
   * Delivers events to a {@link Priority#NORMAL} handler one at a time, in publish order.
   * {@code IMMEDIATE} and {@code DEFERRED} handlers always are.
   *
   * @param ordered whether a {@code NORMAL} handler sees events one at a time, in publish order
   * @return this spec
   */
  public HandlerSpec<E> ordered(boolean ordered) {
    this.ordered = ordered;
    return this;
  }

  /**
   * Fails an asynchronous handler whose stage has not completed after {@code timeout}.
   *
   * @param timeout how long the stage of an asynchronous handler may take; positive
   * @return this spec
   * @throws IllegalArgumentException if {@code timeout} is not positive
   */
  public HandlerSpec<E> timeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(
          "timeout of " + description + " must be positive but was " + timeout);
    }
    this.timeout = timeout;
    return this;
  }

  /**
   * Makes the handler a durable subscription named {@code name}: delivered the stored events of
   * its type and topics from a worker of its own, resuming after a checkpoint kept in the store.
   *
   * @param name the durable subscription's name, unique per store
   * @return this spec
   * @throws IllegalArgumentException if {@code name} breaks {@link DurableNames}' rule
   */
  public HandlerSpec<E> durable(String name) {
    this.durable = DurableNames.requireValid(name);
    return this;
  }

  /**
   * Sets where a new durable subscription starts; {@link DurableStart#HEAD} unless set.
   *
   * @param start where a new durable subscription starts
   * @return this spec
   */
  public HandlerSpec<E> startAt(DurableStart start) {
    this.startAt = Objects.requireNonNull(start, "start");
    return this;
  }

  /**
   * Sets how a durable subscription retries; {@link RetryPolicy#defaults()} unless set.
   *
   * @param policy the retry policy
   * @return this spec
   */
  public HandlerSpec<E> retry(RetryPolicy policy) {
    this.retry = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /**
   * Says whether the handler reads the {@link io.torematrix.eventbus.EventContext} it is passed;
   * {@code true} unless set. A handler that does not ({@code false}) may be passed {@code null}
   * instead, so that an event none of whose handlers reads its context need not have one made:
   * generated dispatchers set it for methods without an {@code EventContext} parameter.
   *
   * @param takesContext whether the handler reads its context
   * @return this spec
   */
  public HandlerSpec<E> takesContext(boolean takesContext) {
    this.takesContext = takesContext;
    return this;
  }

  /**
   * Sets a handler that has finished when it returns.
   *
   * @param handler the handler
   * @return this spec
   */
  public HandlerSpec<E> sync(SyncHandler<? super E> handler) {
    requireNoHandler();
    this.syncHandler = Objects.requireNonNull(handler, "handler");
    return this;
  }

  /**
   * Sets a handler that has finished when the stage it returns completes.
   *
   * @param handler the handler
   * @return this spec
   */
  public HandlerSpec<E> async(AsyncHandler<? super E> handler) {
    requireNoHandler();
    this.asyncHandler = Objects.requireNonNull(handler, "handler");
    return this;
  }

  /**
   * Sets a handler that receives events in batches: up to {@code maxSize} at once, or whatever
   * arrived within {@code window} of the first. Batch handlers run at {@link Priority#DEFERRED}.
   *
   * @param maxSize the most events of one batch
   * @param window how long a batch waits for more events
   * @param handler the handler
   * @return this spec
   * @throws IllegalArgumentException if {@code maxSize} is outside 1 to {@link
   *     Subscribe#MAX_BATCH_SIZE}, or {@code window} outside 1 ms to {@link
   *     Subscribe#MAX_BATCH_WINDOW_MILLIS}
   */
  public HandlerSpec<E> batch(int maxSize, Duration window, BatchHandler<E> handler) {
    requireNoHandler();
    String sizeProblem = SubscribeLimits.batchSizeProblem(maxSize);
    if (sizeProblem != null) {
      throw new IllegalArgumentException(
          "batch size " + maxSize + " of " + description + " is out of range: " + sizeProblem);
    }
    Objects.requireNonNull(window, "window");
    String windowProblem = SubscribeLimits.batchWindowProblem(TimeUnit.MILLISECONDS.convert(window));
    if (windowProblem != null) {
      throw new IllegalArgumentException(
          "batch window " + window + " of " + description + " is out of range: " + windowProblem);
    }
    this.batchSize = maxSize;
    this.batchWindow = window;
    this.batchHandler = Objects.requireNonNull(handler, "handler");
    return this;
  }

  private void requireNoHandler() {
    if (syncHandler != null || asyncHandler != null || batchHandler != null) {
      throw new IllegalStateException(description + " already has a handler");
    }
  }

  /** {@return the type of event the handler takes} */
  public Class<E> eventType() {
    return eventType;
  }

  /** {@return how errors and results name the handler} */
  public String description() {
    return description;
  }

  /** {@return when the handler runs} */
  public Priority priority() {
    return priority;
  }

  /** {@return the position among handlers of the same priority} */
  public int order() {
    return order;
  }

  /** {@return the topic patterns, empty for every topic} */
  public List<String> topics() {
    return topics;
  }

  /** {@return the filter, or {@code null}} */
  public EventFilter<? super E> filter() {
    return filter;
  }

  /** {@return the error callback, or {@code null}} */
  public ErrorCallback<? super E> onError() {
    return onError;
  }

  /** {@return the synchronous handler, or {@code null}} */
  public SyncHandler<? super E> syncHandler() {
    return syncHandler;
  }

  /** {@return the asynchronous handler, or {@code null}} */
  public AsyncHandler<? super E> asyncHandler() {
    return asyncHandler;
  }

  /** {@return the batch handler, or {@code null}} */
  public BatchHandler<E> batchHandler() {
    return batchHandler;
  }

  /** {@return the most events of one batch; meaningful for a batch handler only} */
  public int batchSize() {
    return batchSize;
  }

  /**
   * {@return how long a batch waits for more events; {@code null} unless a batch handler is set}
   */
  public Duration batchWindow() {
    return batchWindow;
  }

  /** {@return whether a {@code NORMAL} handler sees events one at a time in publish order} */
  public boolean isOrdered() {
    return ordered;
  }

  /** {@return the timeout of an asynchronous handler, or {@code null} for none} */
  public Duration timeout() {
    return timeout;
  }

  /** {@return the durable subscription's name, or {@code null} if the handler is not durable} */
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

  /**
   * {@return whether the handler reads the context it is passed; if not, it may be passed {@code
   * null}}
   */
  public boolean takesContext() {
    return takesContext;
  }

  @Override
  public String toString() {
    return "HandlerSpec[" + description + "]";
  }
}
