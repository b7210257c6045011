package io.torematrix.eventbus.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.torematrix.eventbus.ExpectedVersion;
import io.torematrix.eventbus.PublishOptions;
import org.junit.jupiter.api.Test;

class StorableTextTest {

  @Test
  void textThatRoundTripsThroughUtf8IsAccepted() {
    assertNull(StorableText.problem("acc-1", 5));
    assertNull(StorableText.problem("k\u00e4se-\u20ac-\uD83D\uDE00", 1 + 1 + 2 + 2 + 1 + 3 + 1 + 4));
    assertNull(StorableText.problem("", 0));
  }

  @Test
  void unpairedSurrogatesAreRefusedSoThatTwoStreamsCannotMerge() {
    IllegalArgumentException high =
        assertThrows(IllegalArgumentException.class, () -> PublishOptions.defaults().stream("acc-\uD800", ExpectedVersion.any()));
    IllegalArgumentException low =
        assertThrows(IllegalArgumentException.class, () -> PublishOptions.defaults().stream("acc-\uDC00", ExpectedVersion.any()));

    assertEquals(
        "stream id \"acc-\\uD800\" cannot be stored: it contains an unpaired UTF-16 surrogate (U+D800)"
            + " at index 4, which UTF-8 cannot encode",
        high.getMessage());
    assertEquals(
        "stream id \"acc-\\uDC00\" cannot be stored: it contains an unpaired UTF-16 surrogate (U+DC00)"
            + " at index 4, which UTF-8 cannot encode",
        low.getMessage());
    assertThrows(IllegalArgumentException.class, () -> StorableText.requireStreamId("\uDC00\uD800"));
  }

  @Test
  void headersWithNulOrASurrogateAreRefused() {
    IllegalArgumentException value =
        assertThrows(IllegalArgumentException.class, () -> PublishOptions.defaults().header("trace", "a\uD800b"));
    IllegalArgumentException name =
        assertThrows(IllegalArgumentException.class, () -> PublishOptions.defaults().header("tr\0ce", "x"));

    assertEquals(
        "the value of header \"trace\" cannot be stored: it contains an unpaired UTF-16 surrogate"
            + " (U+D800) at index 1, which UTF-8 cannot encode",
        value.getMessage());
    assertEquals(
        "header name \"tr\\u0000ce\" cannot be stored: it contains NUL (U+0000) at index 2, which stores"
            + " cannot keep",
        name.getMessage());
  }

  @Test
  void lengthIsCountedInUtf8BytesAgainstTheNamedLimit() {
    String atLimit = "\u20ac".repeat(341) + "x"; // 3 * 341 + 1 = 1024 bytes
    assertEquals(atLimit, StorableText.requireStreamId(atLimit));

    IllegalArgumentException over =
        assertThrows(IllegalArgumentException.class, () -> StorableText.requireStreamId(atLimit + "y"));
    assertEquals(
        "stream id \"" + "\u20ac".repeat(64) + "...\" (343 characters) cannot be stored: it is 1025 bytes"
            + " in UTF-8, over the limit of 1024",
        over.getMessage());
    IllegalArgumentException longValue =
        assertThrows(IllegalArgumentException.class, () -> PublishOptions.defaults().header("h", "v".repeat(8193)));
    assertEquals(
        "the value of header \"h\" cannot be stored: it is 8193 bytes in UTF-8, over the limit of 8192",
        longValue.getMessage());
  }
}
