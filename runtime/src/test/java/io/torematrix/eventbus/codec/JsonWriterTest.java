package io.torematrix.eventbus.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The writer keeps every value exactly and refuses, with a message naming the limit, whatever
 * {@link JsonReader} would not read back.
 */
class JsonWriterTest {

  private static String refusal(Runnable write) {
    return assertThrows(IllegalArgumentException.class, write::run).getMessage();
  }

  // --- strings

  @Test
  void unpairedSurrogatesAreEscapedSoThatUtf8CanCarryThem() {
    JsonWriter out = new JsonWriter().value("x\uD83Dy");
    assertEquals("\"x\\ud83dy\"", out.toString());
    assertEquals("\"x\\ud83dy\"", new String(out.toBytes(), StandardCharsets.UTF_8));
    assertEquals("x\uD83Dy", new JsonReader(out.toBytes()).nextString());
    assertEquals("\"\\ude00a\\ud83d\"", new JsonWriter().value("\uDE00a\uD83D").toString());
  }

  @Test
  void pairedSurrogatesAndOtherTextAreWrittenAsThemselves() {
    String text = "\uD83D\uDE00 ✓ Ω \uFFFD";
    assertEquals("\"" + text + "\"", new JsonWriter().value(text).toString());
  }

  @Test
  void controlCharactersQuotesAndLineSeparatorsAreEscaped() {
    assertEquals(
        "\"\\u0000\\u001f\\\"\\\\\\n\\r\\t\\b\\f\\u2028\\u2029/\"",
        new JsonWriter().value("\u0000\u001f\"\\\n\r\t\b\f\u2028\u2029/").toString());
  }

  // --- numbers

  @Test
  void nanAndTheInfinitiesAreWrittenAsStrings() {
    assertEquals(
        "[\"NaN\",\"Infinity\",\"-Infinity\",-0.0,\"NaN\",-0.0,1.0E-5]",
        new JsonWriter()
            .beginArray()
            .value(Double.NaN)
            .value(Double.POSITIVE_INFINITY)
            .value(Double.NEGATIVE_INFINITY)
            .value(-0.0)
            .value(Float.NaN)
            .value(-0.0f)
            .value(1e-5f)
            .endArray()
            .toString());
  }

  @Test
  void aBigDecimalWhoseExponentTheReaderRefusesIsRefused() {
    assertEquals(
        "the BigDecimal 1.2E+2147483648 has an exponent beyond ±100000 (JsonLimits.MAX_EXPONENT),"
            + " which the JSON codec does not read",
        refusal(() -> new JsonWriter().value(new BigDecimal(BigInteger.valueOf(12), -Integer.MAX_VALUE))));
    assertEquals(
        "the BigDecimal 1E-100001 has an exponent beyond ±100000 (JsonLimits.MAX_EXPONENT),"
            + " which the JSON codec does not read",
        refusal(() -> new JsonWriter().value(new BigDecimal(BigInteger.ONE, 100_001))));
  }

  @Test
  void bigDecimalsAtTheExponentLimitRoundTripWithTheirScale() {
    for (BigDecimal value :
        List.of(
            new BigDecimal(BigInteger.ONE, -100_000),
            new BigDecimal(BigInteger.valueOf(-123), 100_002),
            new BigDecimal("1.50"),
            new BigDecimal("0E-10"),
            new BigDecimal(BigInteger.TEN.pow(995), 0))) {
      String json = new JsonWriter().value(value).toString();
      BigDecimal read = new JsonReader(json).nextBigDecimal();
      assertEquals(value, read, json);
      assertEquals(value.scale(), read.scale(), json);
    }
  }

  @Test
  void aNumberLongerThanTheReaderTakesIsRefused() {
    BigInteger thousandDigits = BigInteger.TEN.pow(999);
    assertEquals(thousandDigits, new JsonReader(new JsonWriter().value(thousandDigits).toString()).nextBigInteger());
    assertEquals(
        "the BigInteger -1" + "0".repeat(38) + "… is 1001 characters long, more than"
            + " 1000 (JsonLimits.MAX_NUMBER_LENGTH), which the JSON codec does not read",
        refusal(() -> new JsonWriter().value(thousandDigits.negate())));
    assertEquals(
        "the BigDecimal 0.1" + "0".repeat(37) + "… is 1002 characters long, more than"
            + " 1000 (JsonLimits.MAX_NUMBER_LENGTH), which the JSON codec does not read",
        refusal(() -> new JsonWriter().value(new BigDecimal(thousandDigits, 1000))));
  }

  // --- structure

  @Test
  void nestingUpToTheDepthLimitIsWrittenAndOneMoreIsRefused() {
    JsonWriter out = new JsonWriter();
    for (int i = 0; i < JsonLimits.MAX_DEPTH; i++) {
      out.beginArray();
    }
    assertEquals(
        "objects and arrays nest deeper than 1000 (JsonLimits.MAX_DEPTH), which the JSON codec does not read",
        refusal(out::beginObject));
    for (int i = 0; i < JsonLimits.MAX_DEPTH; i++) {
      out.endArray();
    }
    JsonReader in = new JsonReader(out.toString());
    in.readTree();
    in.endDocument();
  }

  @Test
  void aTreeThatContainsItselfIsRefusedInsteadOfOverflowingTheStack() {
    List<Object> list = new ArrayList<>();
    list.add(list);
    assertEquals(
        "objects and arrays nest deeper than 1000 (JsonLimits.MAX_DEPTH), which the JSON codec does not read",
        refusal(() -> new JsonWriter().tree(list)));
  }

  @Test
  void aNullMapKeyIsRefused() {
    Map<String, Integer> map = new HashMap<>();
    map.put(null, 1);
    assertEquals(
        "a JSON member name, such as a Map key, is null",
        refusal(() -> JsonAdapters.mapOf(JsonAdapters.INTEGER).write(new JsonWriter(), map)));
  }
}
