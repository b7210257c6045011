package io.torematrix.eventbus.annotation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SubscribeLimitsTest {

  @ParameterizedTest
  @ValueSource(ints = {Subscribe.MIN_ORDER, -1, 0, 1, Subscribe.MAX_ORDER})
  void ordersWithinTheRangeAreValid(int order) {
    assertNull(SubscribeLimits.orderProblem(order));
  }

  @ParameterizedTest
  @ValueSource(ints = {Integer.MIN_VALUE, Subscribe.MIN_ORDER - 1, Subscribe.MAX_ORDER + 1})
  void ordersOutsideTheRangeSayWhatTheRangeIs(int order) {
    assertEquals(
        "it must be between -1000000 and 1000000", SubscribeLimits.orderProblem(order));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 100, Subscribe.MAX_BATCH_SIZE})
  void batchSizesFromOneToTheMaximumAreValid(int size) {
    assertNull(SubscribeLimits.batchSizeProblem(size));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -5, Subscribe.MAX_BATCH_SIZE + 1})
  void otherBatchSizesSayWhatTheRangeIs(int size) {
    assertEquals("it must be between 1 and 100000", SubscribeLimits.batchSizeProblem(size));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 100, Subscribe.MAX_BATCH_WINDOW_MILLIS})
  void batchWindowsFromOneMillisecondToAnHourAreValid(long millis) {
    assertNull(SubscribeLimits.batchWindowProblem(millis));
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1, Subscribe.MAX_BATCH_WINDOW_MILLIS + 1})
  void otherBatchWindowsSayWhatTheRangeIs(long millis) {
    assertEquals(
        "it must be between 1 ms and 3600000 ms (one hour)",
        SubscribeLimits.batchWindowProblem(millis));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, Retry.DEFAULT_MAX_ATTEMPTS, Retry.ATTEMPTS_LIMIT})
  void attemptsFromOneToTheLimitAreValid(int attempts) {
    assertNull(SubscribeLimits.maxAttemptsProblem(attempts));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, Retry.ATTEMPTS_LIMIT + 1})
  void otherAttemptsSayWhatTheRangeIs(int attempts) {
    assertEquals("it must be between 1 and 100", SubscribeLimits.maxAttemptsProblem(attempts));
  }

  @ParameterizedTest
  @ValueSource(longs = {0, Retry.DEFAULT_BACKOFF_MILLIS, Retry.BACKOFF_LIMIT_MILLIS})
  void backoffsFromZeroToAnHourAreValid(long millis) {
    assertNull(SubscribeLimits.backoffProblem(millis));
  }

  @ParameterizedTest
  @ValueSource(longs = {-1, Retry.BACKOFF_LIMIT_MILLIS + 1})
  void otherBackoffsSayWhatTheRangeIs(long millis) {
    assertEquals(
        "it must be between 0 ms and 3600000 ms (one hour)", SubscribeLimits.backoffProblem(millis));
  }

  @ParameterizedTest
  @ValueSource(doubles = {1.0, Retry.DEFAULT_MULTIPLIER, Retry.MULTIPLIER_LIMIT})
  void multipliersFromOneToTenAreValid(double multiplier) {
    assertNull(SubscribeLimits.multiplierProblem(multiplier));
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.5, 10.5, Double.NaN, Double.POSITIVE_INFINITY})
  void otherMultipliersSayWhatTheRangeIs(double multiplier) {
    assertEquals("it must be between 1 and 10", SubscribeLimits.multiplierProblem(multiplier));
  }

  @ParameterizedTest
  @ValueSource(longs = {100, 10_000, Retry.BACKOFF_LIMIT_MILLIS})
  void longestWaitsFromTheFirstWaitToAnHourAreValid(long millis) {
    assertNull(SubscribeLimits.maxBackoffProblem(millis, 100));
  }

  @ParameterizedTest
  @ValueSource(longs = {99, Retry.BACKOFF_LIMIT_MILLIS + 1})
  void otherLongestWaitsSayWhatTheRangeIs(long millis) {
    assertEquals(
        "it must be between the first wait (100 ms) and 3600000 ms (one hour)",
        SubscribeLimits.maxBackoffProblem(millis, 100));
  }
}
