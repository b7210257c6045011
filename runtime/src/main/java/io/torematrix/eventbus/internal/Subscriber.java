package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.annotation.Priority;
import io.torematrix.eventbus.spi.AsyncHandler;
import io.torematrix.eventbus.spi.ErrorCallback;
import io.torematrix.eventbus.spi.EventFilter;
import io.torematrix.eventbus.spi.HandlerSpec;
import io.torematrix.eventbus.spi.SyncHandler;
import java.util.Comparator;
import java.util.List;

/**
 * One registered handler: a validated, immutable copy of its {@link HandlerSpec}, its compiled
 * topic patterns and its place in the registration order.
 */
final class Subscriber<E> {
  /** Priority level, then {@code order}, then registration order. */
  static final Comparator<Subscriber<?>> DELIVERY_ORDER =
      Comparator.<Subscriber<?>, Priority>comparing(s -> s.priority)
          .thenComparingInt(s -> s.order)
          .thenComparingLong(s -> s.sequence);

  final Class<E> eventType;
  final String description;
  final Priority priority;
  final int order;
  final long sequence;
  private final TopicPattern[] patterns;
  final EventFilter<? super E> filter;
  final ErrorCallback<? super E> errorCallback;
  final SyncHandler<? super E> syncHandler;
  final AsyncHandler<? super E> asyncHandler;
  private volatile boolean active = true;

  private Subscriber(HandlerSpec<E> spec, long sequence, TopicPattern[] patterns) {
    this.eventType = spec.eventType();
    this.description = spec.description();
    this.priority = spec.priority();
    this.order = spec.order();
    this.sequence = sequence;
    this.patterns = patterns;
    this.filter = spec.filter();
    this.errorCallback = spec.errorCallback();
    this.syncHandler = spec.syncHandler();
    this.asyncHandler = spec.asyncHandler();
  }

  /**
   * Validates {@code spec} and freezes it.
   *
   * @throws IllegalArgumentException if a topic pattern is invalid or no handler is set
   */
  static <E> Subscriber<E> of(HandlerSpec<E> spec, long sequence) {
    if (spec.syncHandler() == null && spec.asyncHandler() == null) {
      throw new IllegalArgumentException(spec.description() + " has no handler");
    }
    List<String> topics = spec.topics();
    TopicPattern[] patterns = new TopicPattern[topics.size()];
    for (int i = 0; i < patterns.length; i++) {
      patterns[i] = TopicPattern.compile(topics.get(i));
    }
    return new Subscriber<>(spec, sequence, patterns);
  }

  /** Whether this subscriber listens on {@code topic}. */
  boolean acceptsTopic(String topic) {
    if (patterns.length == 0) {
      return true;
    }
    for (TopicPattern pattern : patterns) {
      if (pattern.matches(topic)) {
        return true;
      }
    }
    return false;
  }

  /** Whether this subscriber only listens on some topics. */
  boolean isTopicSensitive() {
    return patterns.length > 0;
  }

  boolean isActive() {
    return active;
  }

  void deactivate() {
    active = false;
  }

  @Override
  public String toString() {
    return description;
  }
}
