package io.torematrix.eventbus.codec;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON text one token at a time, for generated adapters. Every mistake is a {@link
 * JsonFormatException} saying what was expected at which character.
 */
public final class JsonReader {
  private final String in;
  private int pos;
  /** Whether a comma is due before the next element of the innermost object or array. */
  private boolean afterElement;

  /** Reads {@code json}, UTF-8 encoded. */
  public JsonReader(byte[] json) {
    this(new String(json, StandardCharsets.UTF_8));
  }

  /** Reads {@code json}. */
  public JsonReader(String json) {
    this.in = json;
  }

  /** Consumes <code>{</code>. */
  public void beginObject() {
    elementStart();
    expect('{');
    afterElement = false;
  }

  /** Consumes <code>}</code>. */
  public void endObject() {
    skipWhitespace();
    expect('}');
    afterElement = true;
  }

  /** Consumes {@code [}. */
  public void beginArray() {
    elementStart();
    expect('[');
    afterElement = false;
  }

  /** Consumes {@code ]}. */
  public void endArray() {
    skipWhitespace();
    expect(']');
    afterElement = true;
  }

  /** Whether the current object or array has another element. */
  public boolean hasNext() {
    skipWhitespace();
    return pos < in.length() && in.charAt(pos) != '}' && in.charAt(pos) != ']';
  }

  /** Consumes the name of the next member of an object. */
  public String nextName() {
    elementStart();
    String name = readString();
    skipWhitespace();
    expect(':');
    afterElement = false;
    return name;
  }

  /** Whether the next value is {@code null}; consumes it if so. */
  public boolean nextIsNull() {
    skipWhitespaceAndComma();
    if (in.startsWith("null", pos)) {
      pos += 4;
      afterElement = true;
      return true;
    }
    return false;
  }

  /** Consumes a string. */
  public String nextString() {
    elementStart();
    String value = readString();
    afterElement = true;
    return value;
  }

  /** Consumes {@code true} or {@code false}. */
  public boolean nextBoolean() {
    elementStart();
    if (in.startsWith("true", pos)) {
      pos += 4;
      afterElement = true;
      return true;
    }
    if (in.startsWith("false", pos)) {
      pos += 5;
      afterElement = true;
      return false;
    }
    throw error("a boolean");
  }

  /** Consumes a number as an exact decimal. */
  public BigDecimal nextBigDecimal() {
    elementStart();
    String token = readNumberToken();
    afterElement = true;
    return new BigDecimal(token);
  }

  /** Consumes a whole number that fits a {@code long}. */
  public long nextLong() {
    int start = pos;
    BigDecimal value = nextBigDecimal();
    try {
      return value.longValueExact();
    } catch (ArithmeticException e) {
      pos = start;
      throw error("a whole number within the range of long");
    }
  }

  /** Consumes a whole number that fits an {@code int}. */
  public int nextInt() {
    int start = pos;
    long value = nextLong();
    if (value != (int) value) {
      pos = start;
      throw error("a whole number within the range of int");
    }
    return (int) value;
  }

  /** Consumes a number, or the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}. */
  public double nextDouble() {
    elementStart();
    if (pos < in.length() && in.charAt(pos) == '"') {
      String special = readString();
      afterElement = true;
      return switch (special) {
        case "NaN" -> Double.NaN;
        case "Infinity" -> Double.POSITIVE_INFINITY;
        case "-Infinity" -> Double.NEGATIVE_INFINITY;
        default -> throw error("a number");
      };
    }
    String token = readNumberToken();
    afterElement = true;
    return Double.parseDouble(token);
  }

  /** Skips the next value, whatever it is. */
  public void skipValue() {
    readTree();
  }

  /**
   * Reads the next value as a tree: {@code Map<String, Object>} (in document order), {@code
   * List<Object>}, {@code String}, {@code BigDecimal}, {@code Boolean} or {@code null}.
   */
  public Object readTree() {
    skipWhitespaceAndComma();
    if (pos >= in.length()) {
      throw error("a value");
    }
    char c = in.charAt(pos);
    if (c == '{') {
      Map<String, Object> object = new LinkedHashMap<>();
      beginObject();
      while (hasNext()) {
        String name = nextName();
        object.put(name, readTree());
      }
      endObject();
      return object;
    }
    if (c == '[') {
      List<Object> array = new ArrayList<>();
      beginArray();
      while (hasNext()) {
        array.add(readTree());
      }
      endArray();
      return array;
    }
    if (c == '"') {
      return nextString();
    }
    if (c == 't' || c == 'f') {
      return nextBoolean();
    }
    if (nextIsNull()) {
      return null;
    }
    return nextBigDecimal();
  }

  /** Checks that nothing but whitespace follows. */
  public void endDocument() {
    skipWhitespace();
    if (pos != in.length()) {
      throw error("the end of the document");
    }
  }

  private void elementStart() {
    skipWhitespaceAndComma();
  }

  private void skipWhitespaceAndComma() {
    skipWhitespace();
    if (afterElement && pos < in.length() && in.charAt(pos) == ',') {
      pos++;
      afterElement = false;
      skipWhitespace();
    }
  }

  private void skipWhitespace() {
    while (pos < in.length() && Character.isWhitespace(in.charAt(pos))) {
      pos++;
    }
  }

  private void expect(char c) {
    if (pos >= in.length() || in.charAt(pos) != c) {
      throw error("'" + c + "'");
    }
    pos++;
  }

  private String readNumberToken() {
    int start = pos;
    while (pos < in.length() && "+-0123456789.eE".indexOf(in.charAt(pos)) >= 0) {
      pos++;
    }
    if (start == pos) {
      throw error("a number");
    }
    return in.substring(start, pos);
  }

  private String readString() {
    expect('"');
    StringBuilder value = new StringBuilder();
    while (true) {
      if (pos >= in.length()) {
        throw error("the end of a string");
      }
      char c = in.charAt(pos++);
      if (c == '"') {
        return value.toString();
      }
      if (c != '\\') {
        value.append(c);
        continue;
      }
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
        case 'u' -> {
          if (pos + 4 > in.length()) {
            throw error("four hex digits");
          }
          try {
            value.append((char) Integer.parseInt(in.substring(pos, pos + 4), 16));
          } catch (NumberFormatException e) {
            throw error("four hex digits");
          }
          pos += 4;
        }
        default -> throw error("a valid escape sequence");
      }
    }
  }

  private JsonFormatException error(String expected) {
    String found = pos >= in.length() ? "the end" : "'" + in.charAt(pos) + "'";
    return new JsonFormatException("expected " + expected + " at character " + pos + " but found " + found);
  }
}
