package io.torematrix.eventbus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicPatternTest {

  @ParameterizedTest(name = "{0} ~ {1} = {2}")
  @CsvSource({
    "orders, orders, true",
    "orders, orders.created, false",
    "orders.created, orders, false",
    "orders.*, orders.created, true",
    "orders.*, orders, false",
    "orders.*, orders.eu.created, false",
    "orders.*.created, orders.eu.created, true",
    "orders.*.created, orders.eu.deleted, false",
    "orders.>, orders.created, true",
    "orders.>, orders.eu.created, true",
    "orders.>, orders, false",
    ">, orders, true",
    ">, orders.eu.created, true",
    "*, orders, true",
    "*, orders.created, false",
    "*.>, orders.created, true",
    "*.>, orders, false",
    "orders.created, orders.createdX, false",
    "orders.createdX, orders.created, false",
  })
  void matchesLikeNatsSubjects(String pattern, String topic, boolean matches) {
    assertEquals(matches, TopicPattern.compile(pattern).matches(topic));
  }

  @org.junit.jupiter.api.Test
  void invalidPatternIsRejectedWithTheReason() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TopicPattern.compile("orders.>.eu"));
    assertEquals(
        "invalid topic pattern \"orders.>.eu\": '>' matches the rest of a topic, so it must be the"
            + " last token",
        e.getMessage());
  }
}
