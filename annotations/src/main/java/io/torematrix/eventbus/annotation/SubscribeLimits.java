package io.torematrix.eventbus.annotation;

/**
 * The ranges of a subscription's numbers: {@link Subscribe#order()} between {@link
 * Subscribe#MIN_ORDER} and {@link Subscribe#MAX_ORDER}, which leaves room between handlers;
 * {@link Subscribe#batchSize()} between 1 and {@link Subscribe#MAX_BATCH_SIZE}, and {@link
 * Subscribe#batchWindowMillis()} between 1 and {@link Subscribe#MAX_BATCH_WINDOW_MILLIS}, so that
 * a batch always holds an event and is delivered within an hour; and the numbers of a durable
 * subscription's {@link Retry}, so that a failing event is retried a bounded number of times, with
 * waits of at most an hour, and then parked.
 *
 * <p>Like {@link TopicSyntax} for topics, this is the one place that checks them: the runtime
 * applies it to the values of the lambda API and of the handler specs that generated code builds,
 * and the processor can apply it to annotation values at build time, so that both agree by
 * construction.
 */
public final class SubscribeLimits {
  private SubscribeLimits() {}

  /**
   * Checks a {@link Subscribe#order()}.
   *
   * @param order the order to check
   * @return why {@code order} is out of range, as a clause such as {@code it must be between
   *     -1000000 and 1000000}, or {@code null} if it is within
   */
  public static String orderProblem(int order) {
    if (order < Subscribe.MIN_ORDER || order > Subscribe.MAX_ORDER) {
      return "it must be between " + Subscribe.MIN_ORDER + " and " + Subscribe.MAX_ORDER;
    }
    return null;
  }

  /**
   * Checks a {@link Subscribe#batchSize()}.
   *
   * @param size the most events in a batch
   * @return why {@code size} is not a valid batch size, as a clause, or {@code null} if it is
   */
  public static String batchSizeProblem(int size) {
    if (size < 1 || size > Subscribe.MAX_BATCH_SIZE) {
      return "it must be between 1 and " + Subscribe.MAX_BATCH_SIZE;
    }
    return null;
  }

  /**
   * Checks a {@link Subscribe#batchWindowMillis()}.
   *
   * @param millis the batch window, in milliseconds
   * @return why a window of {@code millis} is not a valid batch window, as a clause, or {@code
   *     null} if it is
   */
  public static String batchWindowProblem(long millis) {
    if (millis < 1 || millis > Subscribe.MAX_BATCH_WINDOW_MILLIS) {
      return "it must be between 1 ms and " + Subscribe.MAX_BATCH_WINDOW_MILLIS + " ms (one hour)";
    }
    return null;
  }

  /**
   * Checks a {@link Retry#maxAttempts()}.
   *
   * @param attempts the deliveries of one event in all
   * @return why {@code attempts} is not a valid number of attempts, as a clause, or {@code null} if
   *     it is
   */
  public static String maxAttemptsProblem(int attempts) {
    if (attempts < 1 || attempts > Retry.ATTEMPTS_LIMIT) {
      return "it must be between 1 and " + Retry.ATTEMPTS_LIMIT;
    }
    return null;
  }

  /**
   * Checks a {@link Retry#backoffMillis()}.
   *
   * @param millis the wait before the second attempt, in milliseconds
   * @return why a wait of {@code millis} is not a valid first wait, as a clause, or {@code null} if
   *     it is
   */
  public static String backoffProblem(long millis) {
    if (millis < 0 || millis > Retry.BACKOFF_LIMIT_MILLIS) {
      return "it must be between 0 ms and " + Retry.BACKOFF_LIMIT_MILLIS + " ms (one hour)";
    }
    return null;
  }

  /**
   * Checks a {@link Retry#multiplier()}.
   *
   * @param multiplier how much longer each next wait is; {@code NaN} is invalid
   * @return why {@code multiplier} is not a valid multiplier, as a clause, or {@code null} if it is
   */
  public static String multiplierProblem(double multiplier) {
    if (!(multiplier >= 1.0 && multiplier <= Retry.MULTIPLIER_LIMIT)) {
      return "it must be between 1 and " + (int) Retry.MULTIPLIER_LIMIT;
    }
    return null;
  }

  /**
   * Checks a {@link Retry#maxBackoffMillis()} against the first wait it must not be shorter than.
   *
   * @param millis the longest wait, in milliseconds
   * @param backoffMillis the first wait, {@link Retry#backoffMillis()}, in milliseconds
   * @return why a longest wait of {@code millis} is not valid beside a first wait of {@code
   *     backoffMillis}, as a clause, or {@code null} if it is
   */
  public static String maxBackoffProblem(long millis, long backoffMillis) {
    if (millis < backoffMillis || millis > Retry.BACKOFF_LIMIT_MILLIS) {
      return "it must be between the first wait ("
          + backoffMillis
          + " ms) and "
          + Retry.BACKOFF_LIMIT_MILLIS
          + " ms (one hour)";
    }
    return null;
  }
}
