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
}
