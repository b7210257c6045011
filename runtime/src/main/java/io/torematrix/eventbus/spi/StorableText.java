package io.torematrix.eventbus.spi;

import java.util.Map;

/**
 * The one rule for the strings a store keeps besides the payload — stream ids, type names and
 * header names and values: each must come back exactly as it went in, in every store. So a string
 * is refused if it holds
 *
 * <ul>
 *   <li>a NUL character ({@code U+0000}), which PostgreSQL text cannot hold;
 *   <li>an unpaired UTF-16 surrogate ({@code U+D800}–{@code U+DFFF} without its partner), which
 *       UTF-8 cannot encode: it would come back as {@code ?}, so that {@code "acc-\uD800"} and
 *       {@code "acc-\uDC00"} would both become the stream {@code "acc-?"};
 *   <li>more UTF-8 bytes than its limit. Stream ids and type names are indexed, and a PostgreSQL
 *       B-tree entry holds at most 2704 bytes; the limits below leave room for the rest of the
 *       entry and apply to every store alike.
 * </ul>
 *
 * <p>{@link io.torematrix.eventbus.PublishOptions} applies it when a stream or header is given, so
 * that {@code publish} refuses such input before anything happens; the JDBC stores apply it again
 * to every record handed to {@link EventStore#append}, so that the SPI called directly refuses the
 * same inputs. Stateless; every method may be called from any thread.
 */
public final class StorableText {
  /** The most UTF-8 bytes in a stream id. */
  public static final int MAX_STREAM_ID_BYTES = 1024;

  /** The most UTF-8 bytes in an event type name ({@code @Event} names are at most 200 ASCII). */
  public static final int MAX_TYPE_NAME_BYTES = 255;

  /** The most UTF-8 bytes in a header name. */
  public static final int MAX_HEADER_NAME_BYTES = 255;

  /** The most UTF-8 bytes in a header value. */
  public static final int MAX_HEADER_VALUE_BYTES = 8192;

  private StorableText() {}

  /**
   * Why {@code text} cannot be stored exactly within {@code maxBytes} UTF-8 bytes, or {@code null}
   * if it can. Walks the text once and allocates only to describe a fault.
   *
   * @param text the text
   * @param maxBytes the most UTF-8 bytes it may take
   * @return why it cannot be stored, or {@code null}
   */
  public static String problem(String text, int maxBytes) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        return "it contains NUL (U+0000) at index " + i + ", which stores cannot keep";
      }
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        return String.format(
            "it contains an unpaired UTF-16 surrogate (U+%04X) at index %d, which UTF-8 cannot encode", (int) c, i);
      } else {
        bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
      }
    }
    if (bytes > maxBytes) {
      return "it is " + bytes + " bytes in UTF-8, over the limit of " + maxBytes;
    }
    return null;
  }

  /**
   * Checks a stream id.
   *
   * @param streamId the stream id
   * @return {@code streamId}
   * @throws IllegalArgumentException naming the stream id and the rule it breaks
   */
  public static String requireStreamId(String streamId) {
    return require("stream id", streamId, MAX_STREAM_ID_BYTES);
  }

  /**
   * Checks an event type name.
   *
   * @param typeName the type name
   * @return {@code typeName}
   * @throws IllegalArgumentException naming the type name and the rule it breaks
   */
  public static String requireTypeName(String typeName) {
    return require("event type name", typeName, MAX_TYPE_NAME_BYTES);
  }

  /**
   * Checks one header.
   *
   * @param name the header's name
   * @param value the header's value
   * @throws IllegalArgumentException naming the header and the rule its name or value breaks
   */
  public static void requireHeader(String name, String value) {
    require("header name", name, MAX_HEADER_NAME_BYTES);
    String problem = problem(value, MAX_HEADER_VALUE_BYTES);
    if (problem != null) {
      throw new IllegalArgumentException(
          "the value of header " + quote(name) + " cannot be stored: " + problem);
    }
  }

  /**
   * Checks every header of {@code headers}, as {@link #requireHeader}.
   *
   * @param headers the headers
   * @throws IllegalArgumentException naming the first header that breaks a rule
   */
  public static void requireHeaders(Map<String, String> headers) {
    headers.forEach(StorableText::requireHeader);
  }

  private static String require(String what, String text, int maxBytes) {
    String problem = problem(text, maxBytes);
    if (problem != null) {
      throw new IllegalArgumentException(what + " " + quote(text) + " cannot be stored: " + problem);
    }
    return text;
  }

  /**
   * {@code text} in quotes for a message: control characters and surrogates as {@code \\uXXXX},
   * and at most 64 characters, so that the message stays one readable line.
   */
  static String quote(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    int shown = Math.min(text.length(), 64);
    for (int i = 0; i < shown; i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) || Character.isSurrogate(c)) {
        quoted.append(String.format("\\u%04X", (int) c));
      } else {
        quoted.append(c);
      }
    }
    if (shown < text.length()) {
      quoted.append("...\" (").append(text.length()).append(" characters)");
      return quoted.toString();
    }
    return quoted.append('"').toString();
  }
}
