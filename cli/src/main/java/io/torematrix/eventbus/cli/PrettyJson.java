package io.torematrix.eventbus.cli;

import io.torematrix.eventbus.codec.JsonReader;
import io.torematrix.eventbus.codec.JsonWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Prints JSON trees with two-space indentation, in document order. */
final class PrettyJson {
  private PrettyJson() {}

  /** Parses {@code payload} and prints it; a payload that is not JSON is printed as a string. */
  static Object parse(byte[] payload) {
    String text = new String(payload, StandardCharsets.UTF_8);
    try {
      JsonReader reader = new JsonReader(text);
      Object tree = reader.readTree();
      reader.endDocument();
      return tree;
    } catch (RuntimeException | StackOverflowError notJsonOrTooDeep) {
      return text;
    }
  }

  /** Prints {@code tree}; nesting deeper than {@value #MAX_DEPTH} levels is printed on one line. */
  static String format(Object tree) {
    StringBuilder out = new StringBuilder();
    write(tree, out, "", 0);
    return out.toString();
  }

  static final int MAX_DEPTH = 64;

  private static void write(Object value, StringBuilder out, String indent, int depth) {
    if (depth == MAX_DEPTH && (value instanceof Map<?, ?> || value instanceof List<?>)) {
      out.append(new JsonWriter().tree(value));
      return;
    }
    if (value instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        out.append("{}");
        return;
      }
      out.append("{\n");
      Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
      while (entries.hasNext()) {
        Map.Entry<?, ?> entry = entries.next();
        out.append(indent).append("  ").append(new JsonWriter().value(String.valueOf(entry.getKey()))).append(": ");
        write(entry.getValue(), out, indent + "  ", depth + 1);
        out.append(entries.hasNext() ? ",\n" : "\n");
      }
      out.append(indent).append('}');
    } else if (value instanceof List<?> list) {
      if (list.isEmpty()) {
        out.append("[]");
        return;
      }
      out.append("[\n");
      for (int i = 0; i < list.size(); i++) {
        out.append(indent).append("  ");
        write(list.get(i), out, indent + "  ", depth + 1);
        out.append(i + 1 < list.size() ? ",\n" : "\n");
      }
      out.append(indent).append(']');
    } else if (value instanceof BigDecimal || value instanceof Boolean || value == null || value instanceof Number) {
      out.append(value);
    } else {
      out.append(new JsonWriter().value(String.valueOf(value)));
    }
  }
}
