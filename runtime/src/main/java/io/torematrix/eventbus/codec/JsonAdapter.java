package io.torematrix.eventbus.codec;

/**
 * Writes values of one type as JSON and reads them back, without reflection. The processor
 * generates one for each {@code @Event} type (and each record or class they hold); {@link
 * JsonAdapters} has those of common value types. Adapters write {@code null} as JSON {@code null}
 * and read it back as {@code null}.
 *
 * @param <T> the type
 */
public interface JsonAdapter<T> {

  /**
   * Writes {@code value}, which may be {@code null}.
   *
   * @param out where to write it
   * @param value the value, or {@code null}
   * @throws IllegalArgumentException if the value holds something beyond the {@link JsonLimits}
   */
  void write(JsonWriter out, T value);

  /**
   * Reads a value, or {@code null}.
   *
   * @param in where to read it from
   * @return the value, or {@code null}
   * @throws JsonFormatException if the JSON does not have the type's shape
   */
  T read(JsonReader in);
}
