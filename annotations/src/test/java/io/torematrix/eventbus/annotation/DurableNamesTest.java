package io.torematrix.eventbus.annotation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurableNamesTest {

  @ParameterizedTest
  @ValueSource(strings = {"a", "order-projection", "nats_relay-orders", "A1", "0"})
  void lettersDigitsDashesAndUnderscoresAreValid(String name) {
    assertNull(DurableNames.problem(name));
  }

  @Test
  void sixtyFourCharactersAreTheMost() {
    assertNull(DurableNames.problem("x".repeat(64)));
    assertEquals("it has 65 characters; the most is 64", DurableNames.problem("x".repeat(65)));
  }

  @Test
  void anEmptyNameIsRefused() {
    assertEquals(
        "a durable subscription needs a name of 1 to 64 characters", DurableNames.problem(""));
  }

  @Test
  void theFirstCharacterOutsideTheAlphabetIsNamedWithItsPlace() {
    assertEquals(
        "character 6 is '.'; only A-Z, a-z, 0-9, '_' and '-' are allowed",
        DurableNames.problem("order.projection"));
    assertEquals(
        "character 2 is U+0009; only A-Z, a-z, 0-9, '_' and '-' are allowed",
        DurableNames.problem("a\tb"));
  }

  @Test
  void requireValidNamesTheNameAndTheProblem() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DurableNames.requireValid("a b"));
    assertEquals(
        "invalid durable subscription name \"a b\": character 2 is ' '; only A-Z, a-z, 0-9, '_' and"
            + " '-' are allowed",
        e.getMessage());
  }
}
