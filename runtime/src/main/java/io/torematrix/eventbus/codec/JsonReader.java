package io.torematrix.eventbus.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one JSON document (RFC 8259) one token at a time, for generated adapters. Every mistake,
 * and every value beyond the {@link JsonLimits}, is a {@link JsonFormatException} saying what was
 * expected at which character (counted in UTF-16 units from 0); every method throws it. Reading
 * costs time linear in the length of the document and stack in proportion to {@link
 * JsonLimits#MAX_DEPTH}, whatever the document holds.
 *
 * <p>A reader is not thread-safe; each document gets its own.
 */
public final class JsonReader {
  private static final int EMPTY_DOCUMENT = 0;
  private static final int NONEMPTY_DOCUMENT = 1;
  private static final int EMPTY_ARRAY = 2;
  private static final int NONEMPTY_ARRAY = 3;
  private static final int EMPTY_OBJECT = 4;
  private static final int DANGLING_NAME = 5;
  private static final int NONEMPTY_OBJECT = 6;
  /** The longest number text {@link Long#parseLong} takes without a range check. */
  private static final int PLAIN_LONG_DIGITS = 18;
  /** Values longer than this are abbreviated in messages. */
  private static final int SHOWN_LENGTH = 40;

  private final String in;
  private int pos;
  /** What is open, innermost last: the document, then each array or object. */
  private int[] scopes = new int[16];
  private int depth = 1;
  /** Whether the separator before the next value was consumed and the value was not yet. */
  private boolean valueDue;

  /**
   * Reads {@code json}, which must be well-formed UTF-8.
   *
   * @param json the document's bytes
   * @throws JsonFormatException if it is not, naming the first byte that is not
   */
  public JsonReader(byte[] json) {
    this(utf8(json));
  }

  /**
   * Reads {@code json}.
   *
   * @param json the document
   */
  public JsonReader(String json) {
    this.in = json;
    scopes[0] = EMPTY_DOCUMENT;
  }

  /** Consumes <code>{</code>, the start of an object. */
  public void beginObject() {
    valueStart();
    expect('{', "'{'");
    open(EMPTY_OBJECT, "object");
  }

  /** Consumes <code>}</code>, the end of the object whose members {@link #hasNext()} ran out of. */
  public void endObject() {
    close(EMPTY_OBJECT, NONEMPTY_OBJECT, '}');
  }

  /** Consumes {@code [}, the start of an array. */
  public void beginArray() {
    valueStart();
    expect('[', "'['");
    open(EMPTY_ARRAY, "array");
  }

  /** Consumes {@code ]}, the end of the array whose elements {@link #hasNext()} ran out of. */
  public void endArray() {
    close(EMPTY_ARRAY, NONEMPTY_ARRAY, ']');
  }

  /**
   * Whether the current object or array has another member or element; {@code false} at its end
   * and at the end of the text (so that the following {@code endObject} or {@code endArray} names
   * what is missing).
   *
   * @return whether a member or element follows
   */
  public boolean hasNext() {
    if (valueDue) {
      return true;
    }
    skipWhitespace();
    if (pos >= in.length()) {
      return false;
    }
    char c = in.charAt(pos);
    return switch (scopes[depth - 1]) {
      case EMPTY_ARRAY, NONEMPTY_ARRAY -> c != ']';
      case EMPTY_OBJECT, NONEMPTY_OBJECT -> c != '}';
      default -> true;
    };
  }

  /**
   * Consumes the name of the next member of an object, and the colon after it.
   *
   * @return the name
   */
  public String nextName() {
    if (valueDue) {
      throw error("a name");
    }
    skipWhitespace();
    int scope = scopes[depth - 1];
    if (scope == NONEMPTY_OBJECT) {
      expect(',', "',' or '}'");
      skipWhitespace();
    } else if (scope != EMPTY_OBJECT) {
      throw error(scope == DANGLING_NAME ? "a value" : "a value, not a name");
    }
    if (pos >= in.length() || in.charAt(pos) != '"') {
      throw error("a name");
    }
    String name = readString();
    skipWhitespace();
    expect(':', "':'");
    scopes[depth - 1] = DANGLING_NAME;
    return name;
  }

  /**
   * Whether the next value is {@code null}; consumes it if so.
   *
   * @return whether it was {@code null}
   */
  public boolean nextIsNull() {
    valueStart();
    if (in.startsWith("null", pos)) {
      pos += 4;
      valueDue = false;
      return true;
    }
    return false;
  }

  /**
   * Consumes a string.
   *
   * @return the string, every escaped {@code char} included
   */
  public String nextString() {
    valueStart();
    if (pos >= in.length() || in.charAt(pos) != '"') {
      throw error("a string");
    }
    String value = readString();
    valueDue = false;
    return value;
  }

  /**
   * Consumes {@code true} or {@code false}.
   *
   * @return the boolean
   */
  public boolean nextBoolean() {
    valueStart();
    boolean value;
    if (in.startsWith("true", pos)) {
      pos += 4;
      value = true;
    } else if (in.startsWith("false", pos)) {
      pos += 5;
      value = false;
    } else {
      throw error("a boolean");
    }
    valueDue = false;
    return value;
  }

  /**
   * Consumes a number as an exact decimal, scale included ({@code 1.50} has scale 2).
   *
   * @return the number
   */
  public BigDecimal nextBigDecimal() {
    return new BigDecimal(nextNumber());
  }

  /**
   * Consumes a whole number of at most {@link JsonLimits#MAX_NUMBER_LENGTH} characters in plain
   * form, in any notation ({@code 12}, {@code 1.2e1}).
   *
   * @return the number
   */
  public BigInteger nextBigInteger() {
    int start = valueStart();
    String number = nextNumber();
    BigDecimal value = new BigDecimal(number);
    if (value.signum() == 0) {
      return BigInteger.ZERO;
    }
    // precision - scale is the number of digits before the point; stripping zeros keeps it.
    long digits = (long) value.precision() - value.scale();
    long plainLength = digits + (value.signum() < 0 ? 1 : 0);
    if (digits < 1 || plainLength > JsonLimits.MAX_NUMBER_LENGTH) {
      throw numberError(
          start,
          number,
          "a whole number of at most "
              + JsonLimits.MAX_NUMBER_LENGTH
              + " characters in plain form (JsonLimits.MAX_NUMBER_LENGTH)");
    }
    try {
      return value.toBigIntegerExact();
    } catch (ArithmeticException notWhole) {
      throw numberError(start, number, "a whole number");
    }
  }

  /**
   * Consumes a whole number that fits a {@code long}, in any notation ({@code 12}, {@code 1.2e1}).
   *
   * @return the number
   */
  public long nextLong() {
    return nextWhole(Long.MIN_VALUE, Long.MAX_VALUE, "long");
  }

  /**
   * Consumes a whole number that fits an {@code int}, in any notation ({@code 12}, {@code 1.2e1}).
   *
   * @return the number
   */
  public int nextInt() {
    return (int) nextWhole(Integer.MIN_VALUE, Integer.MAX_VALUE, "int");
  }

  /**
   * Consumes a number rounded to the nearest {@code double}, or one of the strings {@code "NaN"},
   * {@code "Infinity"}, {@code "-Infinity"}; a number beyond the range of {@code double} is an
   * error, not an infinity.
   *
   * @return the number
   */
  public double nextDouble() {
    int start = valueStart();
    if (pos < in.length() && in.charAt(pos) == '"') {
      return special(start, readString(), Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
    }
    String number = nextNumber();
    double value = Double.parseDouble(number);
    if (Double.isInfinite(value)) {
      throw numberError(start, number, "a number within the range of double");
    }
    return value;
  }

  /**
   * Consumes a number rounded to the nearest {@code float}, or one of the strings {@code "NaN"},
   * {@code "Infinity"}, {@code "-Infinity"}; a number beyond the range of {@code float} is an
   * error, not an infinity.
   *
   * @return the number
   */
  public float nextFloat() {
    int start = valueStart();
    if (pos < in.length() && in.charAt(pos) == '"') {
      return (float) special(start, readString(), Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY);
    }
    String number = nextNumber();
    float value = Float.parseFloat(number);
    if (Float.isInfinite(value)) {
      throw numberError(start, number, "a number within the range of float");
    }
    return value;
  }

  /** Skips the next value, whatever it is, checking it as strictly as reading it would. */
  public void skipValue() {
    value(false);
  }

  /**
   * Reads the next value as a tree: {@code Map<String, Object>} (in document order; of repeated
   * names the last wins), {@code List<Object>}, {@code String}, {@code BigDecimal}, {@code Boolean}
   * or {@code null}.
   *
   * @return the value, as a tree
   */
  public Object readTree() {
    return value(true);
  }

  /** Checks that the document's value was read and that nothing but whitespace follows it. */
  public void endDocument() {
    skipWhitespace();
    if (depth != 1 || scopes[0] != NONEMPTY_DOCUMENT || valueDue || pos != in.length()) {
      throw error("the end of the document");
    }
  }

  /**
   * Consumes a whole number within {@code [min, max]}, the range of the Java type {@code type}.
   */
  long nextWhole(long min, long max, String type) {
    int start = valueStart();
    String number = nextNumber();
    long value;
    if (isPlainInteger(number)) {
      value = Long.parseLong(number);
    } else {
      BigDecimal exact = new BigDecimal(number);
      // Decide on the digits before the point first: longValueExact rounds at a cost that grows
      // with the scale.
      long digits = (long) exact.precision() - exact.scale();
      if (exact.signum() != 0 && (digits < 1 || digits > 19)) {
        throw rangeError(start, number, type);
      }
      try {
        value = exact.longValueExact();
      } catch (ArithmeticException e) {
        throw rangeError(start, number, type);
      }
    }
    if (value < min || value > max) {
      throw rangeError(start, number, type);
    }
    return value;
  }

  /**
   * Returns where the next value starts, having consumed what separates it from the previous one;
   * for adapters whose errors name it.
   */
  int valuePosition() {
    return valueStart();
  }

  /**
   * A {@link JsonFormatException} saying that {@code expected} was expected at character {@code
   * at} but {@code found} was found.
   */
  JsonFormatException errorAt(int at, String expected, String found) {
    return new JsonFormatException("expected " + expected + " at character " + at + " but found " + found);
  }

  private Object value(boolean keep) {
    valueStart();
    if (pos >= in.length()) {
      throw error("a value");
    }
    char c = in.charAt(pos);
    switch (c) {
      case '{' -> {
        Map<String, Object> object = keep ? new LinkedHashMap<>() : null;
        beginObject();
        while (hasNext()) {
          String name = nextName();
          Object member = value(keep);
          if (keep) {
            object.put(name, member);
          }
        }
        endObject();
        return object;
      }
      case '[' -> {
        List<Object> array = keep ? new ArrayList<>() : null;
        beginArray();
        while (hasNext()) {
          Object element = value(keep);
          if (keep) {
            array.add(element);
          }
        }
        endArray();
        return array;
      }
      case '"' -> {
        return nextString();
      }
      case 't', 'f' -> {
        return nextBoolean();
      }
      case 'n' -> {
        if (nextIsNull()) {
          return null;
        }
        throw error("a value");
      }
      default -> {
        if (c != '-' && !isDigit(c)) {
          throw error("a value");
        }
        String number = nextNumber();
        return keep ? new BigDecimal(number) : null;
      }
    }
  }

  /**
   * Consumes the separator due before a value, if it was not yet, and returns where the value
   * starts.
   */
  private int valueStart() {
    if (valueDue) {
      return pos;
    }
    skipWhitespace();
    switch (scopes[depth - 1]) {
      case EMPTY_DOCUMENT -> scopes[depth - 1] = NONEMPTY_DOCUMENT;
      case NONEMPTY_DOCUMENT -> throw error("the end of the document");
      case EMPTY_ARRAY -> scopes[depth - 1] = NONEMPTY_ARRAY;
      case NONEMPTY_ARRAY -> {
        expect(',', "',' or ']'");
        skipWhitespace();
      }
      case DANGLING_NAME -> scopes[depth - 1] = NONEMPTY_OBJECT;
      default -> throw error(scopes[depth - 1] == EMPTY_OBJECT ? "a name or '}'" : "',' or '}'");
    }
    valueDue = true;
    return pos;
  }

  private void open(int scope, String what) {
    valueDue = false;
    if (depth > JsonLimits.MAX_DEPTH) {
      throw new JsonFormatException(
          "the "
              + what
              + " at character "
              + (pos - 1)
              + " nests deeper than "
              + JsonLimits.MAX_DEPTH
              + " objects and arrays (JsonLimits.MAX_DEPTH)");
    }
    if (depth == scopes.length) {
      scopes = Arrays.copyOf(scopes, Math.min(scopes.length * 2, JsonLimits.MAX_DEPTH + 1));
    }
    scopes[depth++] = scope;
  }

  private void close(int empty, int nonempty, char end) {
    int scope = scopes[depth - 1];
    if (valueDue || scope == DANGLING_NAME) {
      throw error("a value");
    }
    skipWhitespace();
    if (scope != empty && scope != nonempty) {
      throw error("'" + (scope == EMPTY_ARRAY || scope == NONEMPTY_ARRAY ? ']' : '}') + "'");
    }
    expect(end, "'" + end + "'");
    depth--;
  }

  /**
   * Consumes a number in the grammar of RFC 8259, checking {@link JsonLimits#MAX_NUMBER_LENGTH}
   * and {@link JsonLimits#MAX_EXPONENT} as it goes, and returns its text.
   */
  private String nextNumber() {
    int start = valueStart();
    int end = Math.min(in.length(), start + JsonLimits.MAX_NUMBER_LENGTH);
    if (pos < end && in.charAt(pos) == '-') {
      pos++;
    }
    if (pos >= in.length() || !isDigit(in.charAt(pos))) {
      pos = start;
      throw error("a number");
    }
    if (in.charAt(pos) == '0') {
      pos++;
    } else {
      skipDigits(end);
    }
    if (pos < end && in.charAt(pos) == '.') {
      pos++;
      requireDigit(start);
      skipDigits(end);
    }
    if (pos < end && (in.charAt(pos) == 'e' || in.charAt(pos) == 'E')) {
      pos++;
      if (pos < end && (in.charAt(pos) == '+' || in.charAt(pos) == '-')) {
        pos++;
      }
      requireDigit(start);
      int exponentStart = pos;
      skipDigits(end);
      checkExponent(start, exponentStart);
    }
    if (pos < in.length() && isNumberChar(in.charAt(pos))) {
      if (pos - start >= JsonLimits.MAX_NUMBER_LENGTH) {
        throw tooLong(start);
      }
      throw error("the end of the number");
    }
    valueDue = false;
    return in.substring(start, pos);
  }

  private static JsonFormatException tooLong(int start) {
    return new JsonFormatException(
        "the number at character "
            + start
            + " is longer than "
            + JsonLimits.MAX_NUMBER_LENGTH
            + " characters (JsonLimits.MAX_NUMBER_LENGTH)");
  }

  private void skipDigits(int end) {
    while (pos < end && isDigit(in.charAt(pos))) {
      pos++;
    }
  }

  private void requireDigit(int start) {
    if (pos >= in.length() || !isDigit(in.charAt(pos))) {
      if (pos - start >= JsonLimits.MAX_NUMBER_LENGTH) {
        throw tooLong(start);
      }
      throw error("a digit");
    }
  }

  private void checkExponent(int start, int exponentStart) {
    int i = exponentStart;
    while (i < pos - 1 && in.charAt(i) == '0') {
      i++;
    }
    if (pos - i > 6 || Integer.parseInt(in, i, pos, 10) > JsonLimits.MAX_EXPONENT) {
      throw new JsonFormatException(
          "the number at character "
              + start
              + " has an exponent beyond ±"
              + JsonLimits.MAX_EXPONENT
              + " (JsonLimits.MAX_EXPONENT): "
              + abbreviated(in.substring(start, Math.min(pos, start + SHOWN_LENGTH + 1))));
    }
  }

  private static boolean isPlainInteger(String number) {
    int digits = number.length() - (number.charAt(0) == '-' ? 1 : 0);
    if (digits > PLAIN_LONG_DIGITS) {
      return false;
    }
    for (int i = number.length() - digits; i < number.length(); i++) {
      if (!isDigit(number.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isNumberChar(char c) {
    return isDigit(c) || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
  }

  private <T> T special(int start, String text, T nan, T positive, T negative) {
    valueDue = false;
    return switch (text) {
      case "NaN" -> nan;
      case "Infinity" -> positive;
      case "-Infinity" -> negative;
      default -> throw errorAt(
          start, "a number, \"NaN\", \"Infinity\" or \"-Infinity\"", "\"" + abbreviated(text) + "\"");
    };
  }

  private JsonFormatException rangeError(int start, String number, String type) {
    return numberError(start, number, "a whole number within the range of " + type);
  }

  private JsonFormatException numberError(int start, String number, String expected) {
    return errorAt(start, expected, abbreviated(number));
  }

  /** {@code text}, or its start and an ellipsis if it is long. */
  static String abbreviated(String text) {
    return text.length() <= SHOWN_LENGTH ? text : text.substring(0, SHOWN_LENGTH) + "…";
  }

  /** Whitespace as RFC 8259 defines it: space, tab, line feed, carriage return. */
  private void skipWhitespace() {
    while (pos < in.length()) {
      char c = in.charAt(pos);
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return;
      }
      pos++;
    }
  }

  private void expect(char c, String expected) {
    if (pos >= in.length() || in.charAt(pos) != c) {
      throw error(expected);
    }
    pos++;
  }

  /** Reads a string starting at its opening quote, which the caller checked. */
  private String readString() {
    pos++;
    StringBuilder value = null;
    int run = pos;
    while (true) {
      if (pos >= in.length()) {
        throw error("the end of a string");
      }
      char c = in.charAt(pos);
      if (c == '"') {
        String last = in.substring(run, pos++);
        return value == null ? last : value.append(last).toString();
      }
      if (c < 0x20) {
        throw error("a character of a string (control characters must be escaped)");
      }
      if (c != '\\') {
        pos++;
        continue;
      }
      if (value == null) {
        value = new StringBuilder(pos - run + 16);
      }
      value.append(in, run, pos);
      pos++;
      if (pos >= in.length()) {
        throw error("an escape sequence");
      }
      char escape = in.charAt(pos++);
      switch (escape) {
        case '"', '\\', '/' -> value.append(escape);
        case 'n' -> value.append('\n');
        case 'r' -> value.append('\r');
        case 't' -> value.append('\t');
        case 'b' -> value.append('\b');
        case 'f' -> value.append('\f');
        case 'u' -> value.append(unicodeEscape());
        default -> {
          pos--;
          throw error("a valid escape sequence");
        }
      }
      run = pos;
    }
  }

  private char unicodeEscape() {
    int code = 0;
    for (int i = 0; i < 4; i++) {
      int digit = pos < in.length() ? hexValue(in.charAt(pos)) : -1;
      if (digit < 0) {
        throw error("four hex digits");
      }
      code = code << 4 | digit;
      pos++;
    }
    return (char) code;
  }

  private static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  private JsonFormatException error(String expected) {
    return new JsonFormatException("expected " + expected + " at character " + pos + " but found " + found());
  }

  private String found() {
    if (pos >= in.length()) {
      return "the end";
    }
    char c = in.charAt(pos);
    return Character.isISOControl(c) || Character.isSurrogate(c) || Character.isSpaceChar(c)
        ? String.format("U+%04X", (int) c)
        : "'" + c + "'";
  }

  /**
   * Decodes {@code json} as UTF-8, refusing malformed input rather than replacing it, so that a
   * corrupt payload is reported instead of read with U+FFFD in it.
   */
  private static String utf8(byte[] json) {
    String text = new String(json, StandardCharsets.UTF_8);
    if (text.indexOf('\uFFFD') < 0) {
      return text; // nothing was replaced: the common, fast path
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer bytes = ByteBuffer.wrap(json);
    CoderResult result = decoder.decode(bytes, CharBuffer.allocate(text.length()), true);
    if (result.isError()) {
      throw new JsonFormatException(
          "expected well-formed UTF-8 at byte "
              + bytes.position()
              + " but found "
              + String.format("0x%02X", json[bytes.position()] & 0xFF));
    }
    return text;
  }
}
