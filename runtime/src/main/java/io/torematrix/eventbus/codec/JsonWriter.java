package io.torematrix.eventbus.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes compact JSON text (RFC 8259), one token at a time, for generated adapters. Structure is
 * checked loosely: names go inside objects, commas are inserted where needed. It writes only what
 * {@link JsonReader} reads back equal: a value beyond the {@link JsonLimits} (objects and arrays
 * nested deeper than {@link JsonLimits#MAX_DEPTH}, a number longer than {@link
 * JsonLimits#MAX_NUMBER_LENGTH} or with an exponent beyond {@link JsonLimits#MAX_EXPONENT}) throws
 * {@link IllegalArgumentException}, and so does a {@code null} name, so that an event the codec
 * could not read back is refused when it is published rather than when it is read.
 *
 * <p>Strings are written with every {@code char} kept: quotes, backslashes, control characters,
 * {@code U+2028}, {@code U+2029} and unpaired surrogates (which UTF-8 cannot carry) as escapes,
 * everything else as itself.
 *
 * <p>A writer is not thread-safe; each document gets its own.
 */
public final class JsonWriter {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final StringBuilder out = new StringBuilder(128);
  private boolean needsComma;
  private int depth;

  /** Creates a writer with nothing written yet. */
  public JsonWriter() {}

  /**
   * Starts an object.
   *
   * @return this writer
   * @throws IllegalArgumentException if {@link JsonLimits#MAX_DEPTH} objects and arrays are open
   */
  public JsonWriter beginObject() {
    open('{');
    return this;
  }

  /**
   * Ends an object.
   *
   * @return this writer
   */
  public JsonWriter endObject() {
    return close('}');
  }

  /**
   * Starts an array.
   *
   * @return this writer
   * @throws IllegalArgumentException if {@link JsonLimits#MAX_DEPTH} objects and arrays are open
   */
  public JsonWriter beginArray() {
    open('[');
    return this;
  }

  /**
   * Ends an array.
   *
   * @return this writer
   */
  public JsonWriter endArray() {
    return close(']');
  }

  /**
   * Writes the name of the next member of an object.
   *
   * @param name the name
   * @return this writer
   * @throws IllegalArgumentException if {@code name} is {@code null} (a {@code Map} key, say)
   */
  public JsonWriter name(String name) {
    if (name == null) {
      throw new IllegalArgumentException("a JSON member name, such as a Map key, is null");
    }
    separate();
    string(name);
    out.append(':');
    needsComma = false;
    return this;
  }

  /**
   * Writes a string, or {@code null}.
   *
   * @param value the string, or {@code null}
   * @return this writer
   */
  public JsonWriter value(String value) {
    separate();
    if (value == null) {
      out.append("null");
    } else {
      string(value);
    }
    needsComma = true;
    return this;
  }

  /**
   * Writes a boolean.
   *
   * @param value the boolean
   * @return this writer
   */
  public JsonWriter value(boolean value) {
    separate();
    out.append(value);
    needsComma = true;
    return this;
  }

  /**
   * Writes a whole number.
   *
   * @param value the number
   * @return this writer
   */
  public JsonWriter value(long value) {
    separate();
    out.append(value);
    needsComma = true;
    return this;
  }

  /**
   * Writes a number as {@link Double#toString(double)} does, which reads back with the same bits
   * ({@code -0.0} included); NaN and the infinities, which JSON lacks, as the strings {@code
   * "NaN"}, {@code "Infinity"}, {@code "-Infinity"}.
   *
   * @param value the number
   * @return this writer
   */
  public JsonWriter value(double value) {
    separate();
    if (Double.isFinite(value)) {
      out.append(value);
    } else {
      string(Double.toString(value));
    }
    needsComma = true;
    return this;
  }

  /**
   * Writes a number as {@link Float#toString(float)} does, which {@link JsonReader#nextFloat()}
   * reads back with the same bits; NaN and the infinities as strings, as {@link #value(double)}
   * does.
   *
   * @param value the number
   * @return this writer
   */
  public JsonWriter value(float value) {
    separate();
    if (Float.isFinite(value)) {
      out.append(value);
    } else {
      string(Float.toString(value));
    }
    needsComma = true;
    return this;
  }

  /**
   * Writes an exact decimal number as {@link BigDecimal#toString()} does (scale kept), or {@code
   * null}.
   *
   * @param value the number, or {@code null}
   * @return this writer
   * @throws IllegalArgumentException if that text is longer than {@link
   *     JsonLimits#MAX_NUMBER_LENGTH} or shows an exponent beyond {@link JsonLimits#MAX_EXPONENT}
   */
  public JsonWriter value(BigDecimal value) {
    if (value == null) {
      return nullValue();
    }
    String text = value.toString();
    // toString shows the exponent precision - scale - 1 when the scale is negative or the
    // exponent below -6.
    long exponent = (long) value.precision() - value.scale() - 1;
    if ((value.scale() < 0 || exponent < -6) && Math.abs(exponent) > JsonLimits.MAX_EXPONENT) {
      throw new IllegalArgumentException(
          "the BigDecimal "
              + JsonReader.abbreviated(text)
              + " has an exponent beyond ±"
              + JsonLimits.MAX_EXPONENT
              + " (JsonLimits.MAX_EXPONENT), which the JSON codec does not read");
    }
    return number(text, "BigDecimal");
  }

  /**
   * Writes a whole number in plain form, or {@code null}.
   *
   * @param value the number, or {@code null}
   * @return this writer
   * @throws IllegalArgumentException if it is longer than {@link JsonLimits#MAX_NUMBER_LENGTH}
   *     characters
   */
  public JsonWriter value(BigInteger value) {
    return value == null ? nullValue() : number(value.toString(), "BigInteger");
  }

  /**
   * Writes {@code null}.
   *
   * @return this writer
   */
  public JsonWriter nullValue() {
    separate();
    out.append("null");
    needsComma = true;
    return this;
  }

  /**
   * Writes a tree as {@link JsonReader#readTree()} returns it: maps (keys written with {@code
   * String.valueOf}), lists, strings, numbers, booleans and {@code null}.
   *
   * @param value the tree
   * @return this writer
   * @throws IllegalArgumentException if it holds anything else, or anything beyond the {@link
   *     JsonLimits} (a map or list that contains itself nests too deep)
   */
  public JsonWriter tree(Object value) {
    if (value == null) {
      return nullValue();
    }
    if (value instanceof String s) {
      return value(s);
    }
    if (value instanceof Boolean b) {
      return value(b.booleanValue());
    }
    if (value instanceof BigDecimal d) {
      return value(d);
    }
    if (value instanceof BigInteger i) {
      return value(i);
    }
    if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return value(((Number) value).longValue());
    }
    if (value instanceof Float f) {
      return value(f.floatValue());
    }
    if (value instanceof Number n) {
      return value(n.doubleValue());
    }
    if (value instanceof Map<?, ?> map) {
      beginObject();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        name(String.valueOf(entry.getKey()));
        tree(entry.getValue());
      }
      return endObject();
    }
    if (value instanceof List<?> list) {
      beginArray();
      for (Object item : list) {
        tree(item);
      }
      return endArray();
    }
    throw new IllegalArgumentException(
        "a JSON tree holds maps, lists, strings, numbers, booleans and null, not " + value.getClass().getName());
  }

  /**
   * The JSON written so far, as UTF-8.
   *
   * @return the bytes
   */
  public byte[] toBytes() {
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The JSON written so far.
   *
   * @return the text
   */
  @Override
  public String toString() {
    return out.toString();
  }

  private void open(char bracket) {
    if (depth == JsonLimits.MAX_DEPTH) {
      throw new IllegalArgumentException(
          "objects and arrays nest deeper than "
              + JsonLimits.MAX_DEPTH
              + " (JsonLimits.MAX_DEPTH), which the JSON codec does not read");
    }
    separate();
    out.append(bracket);
    needsComma = false;
    depth++;
  }

  private JsonWriter close(char bracket) {
    out.append(bracket);
    needsComma = true;
    depth--;
    return this;
  }

  private JsonWriter number(String text, String type) {
    if (text.length() > JsonLimits.MAX_NUMBER_LENGTH) {
      throw new IllegalArgumentException(
          "the "
              + type
              + " "
              + JsonReader.abbreviated(text)
              + " is "
              + text.length()
              + " characters long, more than "
              + JsonLimits.MAX_NUMBER_LENGTH
              + " (JsonLimits.MAX_NUMBER_LENGTH), which the JSON codec does not read");
    }
    separate();
    out.append(text);
    needsComma = true;
    return this;
  }

  private void separate() {
    if (needsComma) {
      out.append(',');
    }
  }

  private void string(String value) {
    out.append('"');
    int run = 0;
    int length = value.length();
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\' && c != '\u2028' && c != '\u2029' && !Character.isSurrogate(c)) {
        continue;
      }
      if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++; // a pair: UTF-8 carries it as one code point
        continue;
      }
      out.append(value, run, i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> out.append("\\u").append(HEX[c >> 12]).append(HEX[c >> 8 & 0xF]).append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
      }
      run = i + 1;
    }
    out.append(value, run, length);
    out.append('"');
  }
}
