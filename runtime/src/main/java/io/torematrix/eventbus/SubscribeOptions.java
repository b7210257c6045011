package io.torematrix.eventbus;

import io.torematrix.eventbus.annotation.Priority;
import io.torematrix.eventbus.annotation.Subscribe;
import io.torematrix.eventbus.internal.TopicPattern;
import java.util.List;
import java.util.Objects;
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
  private static final SubscribeOptions<?> DEFAULTS =
      new SubscribeOptions<>(Priority.NORMAL, 0, List.of(), null, null);

  private final Priority priority;
  private final int order;
  private final List<String> topics;
  private final Predicate<? super E> filter;
  private final BiConsumer<? super E, Throwable> onError;

  private SubscribeOptions(
      Priority priority,
      int order,
      List<String> topics,
      Predicate<? super E> filter,
      BiConsumer<? super E, Throwable> onError) {
    this.priority = priority;
    this.order = order;
    this.topics = topics;
    this.filter = filter;
    this.onError = onError;
  }

  /** {@link Priority#NORMAL}, order 0, every topic, no filter, no error callback. */
  @SuppressWarnings("unchecked") // holds no E
  public static <E> SubscribeOptions<E> defaults() {
    return (SubscribeOptions<E>) DEFAULTS;
  }

  /** Runs the handler at {@code priority}. */
  public SubscribeOptions<E> priority(Priority priority) {
    return new SubscribeOptions<>(
        Objects.requireNonNull(priority, "priority"), order, topics, filter, onError);
  }

  /**
   * Places the handler among those of the same priority: lower runs first.
   *
   * @throws IllegalArgumentException if outside {@link Subscribe#MIN_ORDER} to {@link
   *     Subscribe#MAX_ORDER}
   */
  public SubscribeOptions<E> order(int order) {
    if (order < Subscribe.MIN_ORDER || order > Subscribe.MAX_ORDER) {
      throw new IllegalArgumentException(
          "order "
              + order
              + " is out of range: it must be between "
              + Subscribe.MIN_ORDER
              + " and "
              + Subscribe.MAX_ORDER);
    }
    return new SubscribeOptions<>(priority, order, topics, filter, onError);
  }

  /**
   * Listens only on topics matching one of {@code patterns} ({@code *} matches one token, {@code
   * >} the rest); none means every topic.
   *
   * @throws IllegalArgumentException if a pattern is invalid, naming the fault
   */
  public SubscribeOptions<E> topics(String... patterns) {
    List<String> list = List.of(patterns);
    list.forEach(TopicPattern::compile);
    return new SubscribeOptions<>(priority, order, list, filter, onError);
  }

  /** Delivers only events {@code filter} accepts; the others are counted as filtered. */
  public SubscribeOptions<E> filter(Predicate<? super E> filter) {
    return new SubscribeOptions<>(
        priority, order, topics, Objects.requireNonNull(filter, "filter"), onError);
  }

  /**
   * Tells {@code onError} about each failure of the handler. The failure still reaches the bus's
   * error handler and the publish result.
   */
  public SubscribeOptions<E> onError(BiConsumer<? super E, Throwable> onError) {
    return new SubscribeOptions<>(
        priority, order, topics, filter, Objects.requireNonNull(onError, "onError"));
  }

  /** The priority level. */
  public Priority priority() {
    return priority;
  }

  /** The order within the priority level. */
  public int order() {
    return order;
  }

  /** The topic patterns; empty for every topic. */
  public List<String> topics() {
    return topics;
  }

  /** The filter, or {@code null}. */
  public Predicate<? super E> filter() {
    return filter;
  }

  /** The error callback, or {@code null}. */
  public BiConsumer<? super E, Throwable> onError() {
    return onError;
  }
}
