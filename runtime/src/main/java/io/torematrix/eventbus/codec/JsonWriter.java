package io.torematrix.eventbus.codec;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes compact JSON text, one token at a time, for generated adapters. Structure is checked
 * loosely: names go inside objects, commas are inserted where needed.
 */
public final class JsonWriter {
  private final StringBuilder out = new StringBuilder(128);
  private boolean needsComma;

  /** Creates a writer with nothing written yet. */
  public JsonWriter() {}

  /** Starts an object. */
  public JsonWriter beginObject() {
    separate();
    out.append('{');
    needsComma = false;
    return this;
  }

  /** Ends an object. */
  public JsonWriter endObject() {
    out.append('}');
    needsComma = true;
    return this;
  }

  /** Starts an array. */
  public JsonWriter beginArray() {
    separate();
    out.append('[');
    needsComma = false;
    return this;
  }

  /** Ends an array. */
  public JsonWriter endArray() {
    out.append(']');
    needsComma = true;
    return this;
  }

  /** Writes the name of the next member of an object. */
  public JsonWriter name(String name) {
    separate();
    string(name);
    out.append(':');
    needsComma = false;
    return this;
  }

  /** Writes a string, or {@code null}. */
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

  /** Writes a boolean. */
  public JsonWriter value(boolean value) {
    separate();
    out.append(value);
    needsComma = true;
    return this;
  }

  /** Writes a whole number. */
  public JsonWriter value(long value) {
    separate();
    out.append(value);
    needsComma = true;
    return this;
  }

  /** Writes a number; NaN and the infinities, which JSON lacks, as strings. */
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

  /** Writes an exact decimal number, or {@code null}. */
  public JsonWriter value(BigDecimal value) {
    separate();
    out.append(value == null ? "null" : value.toString());
    needsComma = true;
    return this;
  }

  /** Writes {@code null}. */
  public JsonWriter nullValue() {
    separate();
    out.append("null");
    needsComma = true;
    return this;
  }

  /**
   * Writes a tree as {@link JsonReader#readTree()} returns it: maps with string keys, lists,
   * strings, numbers, booleans and {@code null}.
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
    if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return value(((Number) value).longValue());
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

  /** The JSON written so far, as UTF-8. */
  public byte[] toBytes() {
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return out.toString();
  }

  private void separate() {
    if (needsComma) {
      out.append(',');
    }
  }

  private void string(String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
