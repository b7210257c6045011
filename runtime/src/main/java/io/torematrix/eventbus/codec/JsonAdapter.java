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

  /** Writes {@code value}, which may be {@code null}. */
  void write(JsonWriter out, T value);

  /** Reads a value, or {@code null}. */
  T read(JsonReader in);
}
