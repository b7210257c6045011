package io.torematrix.eventbus;

import java.util.List;
import java.util.Objects;

/**
 * What happened to one published event once its {@code IMMEDIATE} and {@code NORMAL} handlers
 * finished: how many handlers received it and completed, how many a filter skipped, how many
 * failed (with every failure), how many were unsubscribed before they could receive it, and how
 * many {@code DEFERRED} handlers and durable subscriptions will receive it later.
 *
 * <p>It accounts for every handler the event matched when it was published, by type and topic:
 * each {@code IMMEDIATE} or {@code NORMAL} one is counted once in {@link #delivered()}, {@link
 * #filtered()}, {@link #failed()} or {@link #skipped()}, and each {@code DEFERRED} one in {@link
 * #deferred()}. So {@code delivered + filtered + failed + skipped + deferred} is the number of
 * matched handlers.
 *
 * <p>An event no subscription matched is {@linkplain #isDead() dead}. An event every matching
 * subscription filtered out is not dead: someone looked at it.
 */
public final class PublishResult {
  private final EventContext context;
  private final int delivered;
  private final int filtered;
  private final int failed;
  private final int skipped;
  private final int deferred;
  private final List<HandlerFailure> failures;

  private PublishResult(
      EventContext context,
      int delivered,
      int filtered,
      int failed,
      int skipped,
      int deferred,
      List<HandlerFailure> failures) {
    this.context = context;
    this.delivered = delivered;
    this.filtered = filtered;
    this.failed = failed;
    this.skipped = skipped;
    this.deferred = deferred;
    this.failures = failures;
  }

  /**
   * Creates a result. The bus creates results; tests and middleware may too.
   *
   * @param context the published event's context
   * @param delivered handlers that received the event and completed normally
   * @param filtered subscriptions whose filter skipped the event
   * @param failed handlers whose filter or handler failed
   * @param skipped handlers unsubscribed after the event was published and before they received it
   * @param deferred {@code DEFERRED} handlers the event was queued for, and durable subscriptions
   *     that will read it from the store
   * @param failures every failure, including those of error callbacks
   * @return the result
   * @throws IllegalArgumentException if a count is negative
   */
  public static PublishResult of(
      EventContext context,
      int delivered,
      int filtered,
      int failed,
      int skipped,
      int deferred,
      List<HandlerFailure> failures) {
    if (delivered < 0 || filtered < 0 || failed < 0 || skipped < 0 || deferred < 0) {
      throw new IllegalArgumentException(
          "counts must not be negative: " + counts(delivered, filtered, failed, skipped, deferred));
    }
    return new PublishResult(
        Objects.requireNonNull(context, "context"),
        delivered,
        filtered,
        failed,
        skipped,
        deferred,
        List.copyOf(Objects.requireNonNull(failures, "failures")));
  }

  /** {@return the published event's context} */
  public EventContext context() {
    return context;
  }

  /** {@return handlers that received the event and completed normally} */
  public int delivered() {
    return delivered;
  }

  /** {@return subscriptions whose filter skipped the event} */
  public int filtered() {
    return filtered;
  }

  /**
   * Handlers whose filter or handler failed, or whose delivery will never run because the bus
   * closed first; each is among {@link #failures()}.
   *
   * @return the number of failed deliveries
   */
  public int failed() {
    return failed;
  }

  /**
   * Handlers that matched the event when it was published but were unsubscribed ({@link
   * Subscription#close()}) before they received it: their code never ran for it.
   *
   * @return the number of skipped deliveries
   */
  public int skipped() {
    return skipped;
  }

  /**
   * Subscriptions that receive the event later, after this result exists: the {@code DEFERRED}
   * handlers it was queued for, and the durable subscriptions of this bus that match it, whose
   * workers read it back from the store.
   *
   * @return the number of deliveries still to come
   */
  public int deferred() {
    return deferred;
  }

  /**
   * Every failure, in the order they were seen: those of handlers and filters, and those of error
   * callbacks that threw while being told about them. So it may hold more entries than {@link
   * #failed()}.
   *
   * @return the failures, in the order they happened
   */
  public List<HandlerFailure> failures() {
    return failures;
  }

  /** {@return {@code true} when no handler, filter or error callback failed} */
  public boolean isSuccessful() {
    return failed == 0 && failures.isEmpty();
  }

  /** {@return {@code true} when no subscription matched the event's type and topic} */
  public boolean isDead() {
    return delivered == 0 && filtered == 0 && failed == 0 && skipped == 0 && deferred == 0;
  }

  @Override
  public String toString() {
    return "PublishResult[event="
        + context.eventId()
        + ", "
        + counts(delivered, filtered, failed, skipped, deferred)
        + (failures.isEmpty() ? "" : ", failures=" + failures)
        + "]";
  }

  private static String counts(int delivered, int filtered, int failed, int skipped, int deferred) {
    return "delivered=" + delivered + ", filtered=" + filtered + ", failed=" + failed
        + ", skipped=" + skipped + ", deferred=" + deferred;
  }
}
