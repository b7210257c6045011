package io.torematrix.eventbus.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The reader treats its text as input from anyone: each limit of {@link JsonLimits} and each
 * departure from the JSON grammar fails with a message naming what and where, before any costly
 * conversion and without deep recursion.
 */
class JsonReaderTest {

  private static String failure(String json, Function<JsonReader, ?> read) {
    return assertThrows(JsonFormatException.class, () -> read.apply(new JsonReader(json))).getMessage();
  }

  private static Object document(String json) {
    JsonReader in = new JsonReader(json);
    Object tree = in.readTree();
    in.endDocument();
    return tree;
  }

  // --- depth

  @Test
  void nestingUpToTheDepthLimitReads() {
    int depth = JsonLimits.MAX_DEPTH;
    Object tree = document("[".repeat(depth) + "]".repeat(depth));
    for (int i = 1; i < depth; i++) {
      tree = ((List<?>) tree).get(0);
    }
    assertEquals(List.of(), tree);
  }

  @Test
  void nestingOneDeeperThanTheLimitIsRefusedWhereItStarts() {
    int depth = JsonLimits.MAX_DEPTH + 1;
    assertEquals(
        "the array at character 1000 nests deeper than 1000 objects and arrays (JsonLimits.MAX_DEPTH)",
        failure("[".repeat(depth) + "]".repeat(depth), JsonReader::readTree));
  }

  @Test
  void twoHundredThousandLevelsFailCleanlyInsteadOfOverflowingTheStack() {
    String deep = "[".repeat(200_000) + "]".repeat(200_000);
    String expected =
        "the array at character 1000 nests deeper than 1000 objects and arrays (JsonLimits.MAX_DEPTH)";
    assertEquals(expected, failure(deep, JsonReader::readTree));
    assertEquals(expected, failure(deep, in -> {
      in.skipValue();
      return null;
    }));
    assertEquals(
        "the object at character 5000 nests deeper than 1000 objects and arrays (JsonLimits.MAX_DEPTH)",
        failure("{\"a\":".repeat(200_000), JsonReader::readTree));
  }

  // --- number length

  @Test
  void aNumberOfTheLongestLengthReads() {
    String digits = "9".repeat(JsonLimits.MAX_NUMBER_LENGTH);
    assertEquals(new BigDecimal(digits), new JsonReader(digits).nextBigDecimal());
  }

  @Test
  void aNumberLongerThanTheLimitIsRefusedAfterScanningOnlyTheLimit() {
    assertEquals(
        "the number at character 9 is longer than 1000 characters (JsonLimits.MAX_NUMBER_LENGTH)",
        failure("{\"value\":" + "1".repeat(1001) + "}", JsonReader::readTree));
    assertEquals(
        "the number at character 0 is longer than 1000 characters (JsonLimits.MAX_NUMBER_LENGTH)",
        failure("0." + "0".repeat(998) + "1", JsonReader::nextBigDecimal));
  }

  @Test
  void aFourHundredThousandDigitIntFailsOnItsLengthNotItsRange() {
    assertEquals(
        "the number at character 0 is longer than 1000 characters (JsonLimits.MAX_NUMBER_LENGTH)",
        failure("4".repeat(400_000), JsonReader::nextInt));
  }

  // --- exponent

  @Test
  void theLargestExponentsRead() {
    assertEquals(new BigDecimal("1e100000"), new JsonReader("1e100000").nextBigDecimal());
    assertEquals(new BigDecimal("-1E-100000"), new JsonReader("-1E-100000").nextBigDecimal());
    assertEquals(new BigDecimal("1e5"), new JsonReader("1e+00000000005").nextBigDecimal());
  }

  @Test
  void anExponentBeyondTheLimitIsRefusedBeforeAnyConversion() {
    assertEquals(
        "the number at character 0 has an exponent beyond ±100000 (JsonLimits.MAX_EXPONENT): 1e100001",
        failure("1e100001", JsonReader::nextBigDecimal));
    assertEquals(
        "the number at character 9 has an exponent beyond ±100000 (JsonLimits.MAX_EXPONENT): 1e30000000",
        failure("{\"value\":1e30000000}", in -> {
          in.beginObject();
          in.nextName();
          return in.nextBigInteger();
        }));
    assertEquals(
        "the number at character 0 has an exponent beyond ±100000 (JsonLimits.MAX_EXPONENT): 1.2E+2147483648",
        failure("1.2E+2147483648", JsonReader::nextBigDecimal));
    assertEquals(
        "the number at character 0 has an exponent beyond ±100000 (JsonLimits.MAX_EXPONENT): 1e-99999999999999999999",
        failure("1e-99999999999999999999", JsonReader::nextDouble));
  }

  // --- whole numbers

  @Test
  void wholeNumbersReadInAnyNotation() {
    assertEquals(1000, new JsonReader("1e3").nextInt());
    assertEquals(12, new JsonReader("12.000").nextInt());
    assertEquals(Long.MIN_VALUE, new JsonReader("-9223372036854775808").nextLong());
    assertEquals(Long.MAX_VALUE, new JsonReader("9223372036854775807.0").nextLong());
    assertEquals(0, new JsonReader("-0e99999").nextLong());
  }

  @Test
  void aNumberOutsideTheTypesRangeOrNotWholeIsRefused() {
    assertEquals(
        "expected a whole number within the range of int at character 0 but found 2147483648",
        failure("2147483648", JsonReader::nextInt));
    assertEquals(
        "expected a whole number within the range of long at character 0 but found 9223372036854775808",
        failure("9223372036854775808", JsonReader::nextLong));
    assertEquals(
        "expected a whole number within the range of long at character 0 but found 1.5",
        failure("1.5", JsonReader::nextLong));
    assertEquals(
        "expected a whole number within the range of long at character 0 but found 1e-100000",
        failure("1e-100000", JsonReader::nextLong));
    assertEquals(
        "expected a whole number within the range of short at character 0 but found 32768",
        failure("32768", JsonAdapters::nextShort));
    assertEquals(
        "expected a whole number within the range of byte at character 0 but found -129",
        failure("-129", JsonAdapters::nextByte));
  }

  @Test
  void aBigIntegerReadsUpToTheLengthItCanBeWrittenIn() {
    assertEquals(BigInteger.TEN.pow(999), new JsonReader("1e999").nextBigInteger());
    assertEquals(BigInteger.TEN.pow(998).negate(), new JsonReader("-1e998").nextBigInteger());
    assertEquals(BigInteger.valueOf(15), new JsonReader("1.5e1").nextBigInteger());
    assertEquals(BigInteger.ZERO, new JsonReader("0.000").nextBigInteger());
    String tooLong =
        "expected a whole number of at most 1000 characters in plain form"
            + " (JsonLimits.MAX_NUMBER_LENGTH) at character 0 but found ";
    assertEquals(tooLong + "1e1000", failure("1e1000", JsonReader::nextBigInteger));
    assertEquals(tooLong + "-1e999", failure("-1e999", JsonReader::nextBigInteger));
    assertEquals(tooLong + "1e-100000", failure("1e-100000", JsonReader::nextBigInteger));
    assertEquals(
        "expected a whole number at character 0 but found 1.5", failure("1.5", JsonReader::nextBigInteger));
  }

  // --- doubles and floats

  @Test
  void doublesReadWithTheirBitsAndSpecialValuesFromStrings() {
    assertEquals(
        Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(new JsonReader("-0.0").nextDouble()));
    assertEquals(Double.MIN_VALUE, new JsonReader("4.9E-324").nextDouble());
    assertEquals(0.0, new JsonReader("1e-400").nextDouble(), "rounds to zero like any rounding");
    assertEquals(Double.NaN, new JsonReader("\"NaN\"").nextDouble());
    assertEquals(Double.POSITIVE_INFINITY, new JsonReader("\"Infinity\"").nextDouble());
    assertEquals(Float.NEGATIVE_INFINITY, new JsonReader("\"-Infinity\"").nextFloat());
    assertEquals(
        Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(new JsonReader("-0.0").nextFloat()));
  }

  @Test
  void aNumberBeyondTheRangeOfTheTypeIsAnErrorNotAnInfinity() {
    assertEquals(
        "expected a number within the range of double at character 0 but found 1e309",
        failure("1e309", JsonReader::nextDouble));
    assertEquals(
        "expected a number within the range of float at character 0 but found -1e39",
        failure("-1e39", JsonReader::nextFloat));
    assertEquals(
        "expected a number, \"NaN\", \"Infinity\" or \"-Infinity\" at character 0 but found \"nan\"",
        failure("\"nan\"", JsonReader::nextDouble));
  }

  // --- strings

  @Test
  void stringsKeepEveryCharIncludingUnpairedSurrogatesAndNul() {
    assertEquals("x\uD83Dy", new JsonReader("\"x\\ud83dy\"").nextString());
    assertEquals("\uDE00\u0000\uD83D", new JsonReader("\"\\uDE00\\u0000\\uD83D\"").nextString());
    assertEquals("\uD83D\uDE00 \uFFFD", new JsonReader("\"\uD83D\uDE00 \uFFFD\"".getBytes(StandardCharsets.UTF_8)).nextString());
  }

  @Test
  void malformedStringsAreRefused() {
    assertEquals(
        "expected a character of a string (control characters must be escaped) at character 2 but found U+0001",
        failure("\"a\u0001\"", JsonReader::nextString));
    assertEquals(
        "expected a valid escape sequence at character 2 but found 'x'", failure("\"\\x\"", JsonReader::nextString));
    assertEquals("expected four hex digits at character 5 but found 'G'", failure("\"\\u12G4\"", JsonReader::nextString));
    assertEquals("expected the end of a string at character 4 but found the end", failure("\"abc", JsonReader::nextString));
  }

  @Test
  void malformedUtf8IsRefusedRatherThanReplaced() {
    byte[] payload = {'"', 'a', (byte) 0xC3, '"'};
    JsonFormatException e = assertThrows(JsonFormatException.class, () -> new JsonReader(payload));
    assertEquals("expected well-formed UTF-8 at byte 2 but found 0xC3", e.getMessage());
  }

  // --- grammar

  @Test
  void theGrammarIsRfc8259() {
    assertEquals("expected ',' or ']' at character 3 but found '2'", failure("[1 2]", JsonReader::readTree));
    assertEquals("expected a value at character 3 but found ']'", failure("[1,]", JsonReader::readTree));
    assertEquals("expected a name at character 7 but found '}'", failure("{\"a\":1,}", JsonReader::readTree));
    assertEquals("expected ':' at character 5 but found '1'", failure("{\"a\" 1}", JsonReader::readTree));
    assertEquals(
        "expected ',' or '}' at character 7 but found '\"'", failure("{\"a\":1 \"b\":2}", JsonReader::readTree));
    assertEquals("expected the end of the number at character 1 but found '1'", failure("01", JsonReader::readTree));
    assertEquals("expected a value at character 0 but found '+'", failure("+1", JsonReader::readTree));
    assertEquals("expected a digit at character 2 but found the end", failure("1.", JsonReader::readTree));
    assertEquals("expected a digit at character 2 but found 'x'", failure("1ex", JsonReader::readTree));
    assertEquals("expected a value at character 0 but found U+00A0", failure("\u00A01", JsonReader::readTree));
    assertEquals("expected ']' at character 5 but found the end", failure("[1, 2", JsonReader::readTree));
    assertEquals("expected a value at character 0 but found 'x'", failure("xyz", JsonReader::readTree));
  }

  @Test
  void endDocumentRefusesAnythingButWhitespaceAfterTheValue() {
    JsonReader in = new JsonReader(" {} \n{}");
    in.readTree();
    assertEquals(
        "expected the end of the document at character 5 but found '{'",
        assertThrows(JsonFormatException.class, in::endDocument).getMessage());
  }

  @Test
  void skippingAValueChecksItAsStrictlyAsReadingIt() {
    JsonReader in = new JsonReader("{\"unknown\":[1,{\"a\":[true,null,\"s\"]}],\"known\":2}");
    in.beginObject();
    assertEquals("unknown", in.nextName());
    in.skipValue();
    assertEquals("known", in.nextName());
    assertEquals(2, in.nextInt());
    in.endObject();
    in.endDocument();
    assertEquals(
        "the number at character 12 has an exponent beyond ±100000 (JsonLimits.MAX_EXPONENT): 1e999999",
        failure("{\"unknown\":[1e999999]}", in2 -> {
          in2.beginObject();
          in2.nextName();
          in2.skipValue();
          return null;
        }));
  }

  @Test
  void aTreeKeepsDocumentOrderAndExactNumbers() {
    Object tree = document("{\"b\":1.50,\"a\":[\"x\",true,null,-0],\"c\":{}}");
    assertEquals(List.of("b", "a", "c"), List.copyOf(((Map<?, ?>) tree).keySet()));
    assertEquals(new BigDecimal("1.50"), ((Map<?, ?>) tree).get("b"));
    assertInstanceOf(List.class, ((Map<?, ?>) tree).get("a"));
  }
}
