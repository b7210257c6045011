package io.torematrix.eventbus.annotation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TopicSyntaxTest {

  @ParameterizedTest
  @ValueSource(strings = {"orders", "orders.created", "orders.eu-west.v2", "_INBOX.a1$b:c", "a.b.c.d"})
  void concreteTopicsAreValid(String topic) {
    assertNull(TopicSyntax.problem(topic, false));
    assertNull(TopicSyntax.problem(topic, true));
  }

  @ParameterizedTest
  @ValueSource(strings = {"*", ">", "orders.*", "orders.>", "*.created", "orders.*.>"})
  void wildcardsAreValidInPatternsOnly(String pattern) {
    assertNull(TopicSyntax.problem(pattern, true));
    assertEquals(
        true, TopicSyntax.problem(pattern, false).contains("allowed in subscription patterns only"));
  }

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''|it is empty",
        "orders..created|it has an empty token (two dots in a row, or a dot at either end)",
        ".orders|it has an empty token (two dots in a row, or a dot at either end)",
        "orders.|it has an empty token (two dots in a row, or a dot at either end)",
        "orders.>.created|'>' matches the rest of a topic, so it must be the last token",
        "orders*|'*' must be a whole token, as in \"orders.*\" or \"orders.>\"",
        "ord>ers|'>' must be a whole token, as in \"orders.*\" or \"orders.>\"",
        "new orders|character ' ' is not allowed: use printable ASCII without spaces",
        "café|character 'é' is not allowed: use printable ASCII without spaces",
      })
  void invalidPatternsAreExplained(String pattern, String problem) {
    assertEquals(problem, TopicSyntax.problem(pattern, true));
  }

  @org.junit.jupiter.api.Test
  void overlongTopicIsRejected() {
    assertEquals(
        "it is longer than 255 characters", TopicSyntax.problem("a".repeat(256), false));
    assertNull(TopicSyntax.problem("a".repeat(255), false));
  }

  @org.junit.jupiter.api.Test
  void requireValidReturnsAValidTopicAndNamesTheTextAndTheFaultOtherwise() {
    assertEquals("orders.>", TopicSyntax.requireValid("orders.>", true));
    IllegalArgumentException topic =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> TopicSyntax.requireValid("orders.*", false));
    assertEquals(
        "invalid topic \"orders.*\": '*' is a wildcard, allowed in subscription patterns only",
        topic.getMessage());
    IllegalArgumentException pattern =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> TopicSyntax.requireValid("a..b", true));
    assertEquals(
        "invalid topic pattern \"a..b\": it has an empty token (two dots in a row, or a dot at"
            + " either end)",
        pattern.getMessage());
  }
}
