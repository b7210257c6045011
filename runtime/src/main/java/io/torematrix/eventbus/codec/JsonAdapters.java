package io.torematrix.eventbus.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The adapters of the value types events commonly hold, and of their lists, sets, maps and
 * optionals; generated adapters combine them. Strings, numbers and booleans map to their JSON
 * counterparts (NaN and the infinities to strings, see {@link JsonLimits}); {@code BigDecimal} and
 * {@code BigInteger} to exact JSON numbers; {@code UUID}, the {@code java.time} types and enum
 * constants to strings (their {@code toString()} and {@code parse}, ISO-8601 for {@code
 * java.time}; the constant's name); {@code byte[]} to base64.
 *
 * <p>Every value reads back equal to the one written: a {@code double} or {@code float} with the
 * same bits (NaNs become the canonical NaN), lists, sets and maps as unmodifiable ones with the
 * same elements in the same order. The one exception is a {@code null} {@code Optional}, which
 * reads back as {@link Optional#empty()}: JSON has one {@code null} for both. A value beyond the
 * {@link JsonLimits} is refused when written.
 */
public final class JsonAdapters {
  private JsonAdapters() {}

  /** Strings, every {@code char} kept. */
  public static final JsonAdapter<String> STRING =
      nullSafe((out, v) -> out.value(v), JsonReader::nextString);
  /** Booleans. */
  public static final JsonAdapter<Boolean> BOOLEAN =
      nullSafe((out, v) -> out.value(v.booleanValue()), JsonReader::nextBoolean);
  /** Integers: whole numbers within the range of {@code int}. */
  public static final JsonAdapter<Integer> INTEGER =
      nullSafe((out, v) -> out.value(v.longValue()), JsonReader::nextInt);
  /** Longs: whole numbers within the range of {@code long}. */
  public static final JsonAdapter<Long> LONG =
      nullSafe((out, v) -> out.value(v.longValue()), JsonReader::nextLong);
  /** Shorts: whole numbers within the range of {@code short}. */
  public static final JsonAdapter<Short> SHORT =
      nullSafe((out, v) -> out.value(v.longValue()), JsonAdapters::nextShort);
  /** Bytes: whole numbers within the range of {@code byte}. */
  public static final JsonAdapter<Byte> BYTE =
      nullSafe((out, v) -> out.value(v.longValue()), JsonAdapters::nextByte);
  /** Doubles; NaN and the infinities as strings. */
  public static final JsonAdapter<Double> DOUBLE =
      nullSafe((out, v) -> out.value(v.doubleValue()), JsonReader::nextDouble);
  /** Floats; NaN and the infinities as strings. */
  public static final JsonAdapter<Float> FLOAT =
      nullSafe((out, v) -> out.value(v.floatValue()), JsonReader::nextFloat);
  /** Characters, as strings of one {@code char}. */
  public static final JsonAdapter<Character> CHARACTER =
      nullSafe((out, v) -> out.value(String.valueOf(v)), JsonAdapters::nextChar);
  /** Exact decimals, scale kept, within {@link JsonLimits}. */
  public static final JsonAdapter<BigDecimal> BIG_DECIMAL =
      nullSafe((out, v) -> out.value(v), JsonReader::nextBigDecimal);
  /** Whole numbers of at most {@link JsonLimits#MAX_NUMBER_LENGTH} characters. */
  public static final JsonAdapter<BigInteger> BIG_INTEGER =
      nullSafe((out, v) -> out.value(v), JsonReader::nextBigInteger);
  /** UUIDs, as their {@code toString()}. */
  public static final JsonAdapter<UUID> UUID_ADAPTER = text(UUID::toString, UUID::fromString, "a UUID");
  /** Instants, as ISO-8601 ({@code 2026-11-27T23:59:59.123456789Z}). */
  public static final JsonAdapter<Instant> INSTANT = text(Instant::toString, Instant::parse, "an ISO-8601 instant");
  /** Dates, as ISO-8601 ({@code 2026-02-28}). */
  public static final JsonAdapter<LocalDate> LOCAL_DATE = text(LocalDate::toString, LocalDate::parse, "an ISO-8601 date");
  /** Times of day, as ISO-8601 ({@code 23:59:01.000000005}). */
  public static final JsonAdapter<LocalTime> LOCAL_TIME = text(LocalTime::toString, LocalTime::parse, "an ISO-8601 time");
  /** Date-times, as ISO-8601 ({@code 2026-01-01T00:00}). */
  public static final JsonAdapter<LocalDateTime> LOCAL_DATE_TIME =
      text(LocalDateTime::toString, LocalDateTime::parse, "an ISO-8601 date-time");
  /** Date-times with an offset, as ISO-8601 ({@code 2026-03-01T12:00-05:00}). */
  public static final JsonAdapter<OffsetDateTime> OFFSET_DATE_TIME =
      text(OffsetDateTime::toString, OffsetDateTime::parse, "an ISO-8601 date-time with offset");
  /**
   * Date-times with a zone, as {@link ZonedDateTime#toString()} ({@code
   * 2026-03-29T03:30+02:00[Europe/Amsterdam]}).
   */
  public static final JsonAdapter<ZonedDateTime> ZONED_DATE_TIME =
      text(ZonedDateTime::toString, ZonedDateTime::parse, "an ISO-8601 date-time with zone");
  /** Durations, as ISO-8601 ({@code PT25H1M1.001S}). */
  public static final JsonAdapter<Duration> DURATION = text(Duration::toString, Duration::parse, "an ISO-8601 duration");
  /** Byte arrays, as base64 (RFC 4648, with padding). */
  public static final JsonAdapter<byte[]> BYTES =
      text(v -> Base64.getEncoder().encodeToString(v), v -> Base64.getDecoder().decode(v), "base64");

  /**
   * Reads a {@code short} field, which may not be {@code null}.
   *
   * @param in where to read it from
   * @return the value
   */
  public static short nextShort(JsonReader in) {
    return (short) in.nextWhole(Short.MIN_VALUE, Short.MAX_VALUE, "short");
  }

  /**
   * Reads a {@code byte} field, which may not be {@code null}.
   *
   * @param in where to read it from
   * @return the value
   */
  public static byte nextByte(JsonReader in) {
    return (byte) in.nextWhole(Byte.MIN_VALUE, Byte.MAX_VALUE, "byte");
  }

  /**
   * Reads a {@code char} field, which may not be {@code null}: a string of one {@code char}.
   *
   * @param in where to read it from
   * @return the value
   */
  public static char nextChar(JsonReader in) {
    int start = in.valuePosition();
    String text = in.nextString();
    if (text.length() != 1) {
      throw in.errorAt(start, "a string of one character", "\"" + JsonReader.abbreviated(text) + "\"");
    }
    return text.charAt(0);
  }

  /**
   * Enum constants by name.
   *
   * @param values the enum's {@code values()}
   * @param <E> the enum
   * @return the adapter
   */
  public static <E extends Enum<E>> JsonAdapter<E> enumOf(E[] values) {
    Map<String, E> byName = new HashMap<>();
    for (E value : values) {
      byName.put(value.name(), value);
    }
    return nullSafe(
        (out, v) -> out.value(v.name()),
        in -> {
          int start = in.valuePosition();
          String name = in.nextString();
          E value = byName.get(name);
          if (value == null) {
            throw in.errorAt(
                start,
                "one of the constants " + byName.keySet().stream().sorted().toList(),
                "\"" + JsonReader.abbreviated(name) + "\"");
          }
          return value;
        });
  }

  /**
   * An unmodifiable list of elements.
   *
   * @param element the elements' adapter
   * @param <T> the elements' type
   * @return the adapter
   */
  public static <T> JsonAdapter<List<T>> listOf(JsonAdapter<T> element) {
    // Containers are classes of their own, not nullSafe lambdas: each level of nesting then costs
    // one stack frame, which keeps the deepest document JsonLimits allows well within a stack.
    return new JsonAdapter<>() {
      @Override
      public void write(JsonWriter out, List<T> list) {
        if (list == null) {
          out.nullValue();
          return;
        }
        out.beginArray();
        for (T item : list) {
          element.write(out, item);
        }
        out.endArray();
      }

      @Override
      public List<T> read(JsonReader in) {
        return in.nextIsNull() ? null : Collections.unmodifiableList(readElements(in, element, new ArrayList<>()));
      }
    };
  }

  /**
   * An unmodifiable set of elements, keeping their order.
   *
   * @param element the elements' adapter
   * @param <T> the elements' type
   * @return the adapter
   */
  public static <T> JsonAdapter<Set<T>> setOf(JsonAdapter<T> element) {
    return new JsonAdapter<>() {
      @Override
      public void write(JsonWriter out, Set<T> set) {
        if (set == null) {
          out.nullValue();
          return;
        }
        out.beginArray();
        for (T item : set) {
          element.write(out, item);
        }
        out.endArray();
      }

      @Override
      public Set<T> read(JsonReader in) {
        return in.nextIsNull() ? null : Collections.unmodifiableSet(readElements(in, element, new LinkedHashSet<>()));
      }
    };
  }

  /**
   * An unmodifiable map with string keys, keeping their order; a {@code null} key cannot be
   * written.
   *
   * @param value the values' adapter
   * @param <V> the values' type
   * @return the adapter
   */
  public static <V> JsonAdapter<Map<String, V>> mapOf(JsonAdapter<V> value) {
    return new JsonAdapter<>() {
      @Override
      public void write(JsonWriter out, Map<String, V> map) {
        if (map == null) {
          out.nullValue();
          return;
        }
        out.beginObject();
        for (Map.Entry<String, V> entry : map.entrySet()) {
          out.name(entry.getKey());
          value.write(out, entry.getValue());
        }
        out.endObject();
      }

      @Override
      public Map<String, V> read(JsonReader in) {
        if (in.nextIsNull()) {
          return null;
        }
        Map<String, V> map = new LinkedHashMap<>();
        in.beginObject();
        while (in.hasNext()) {
          String key = in.nextName();
          map.put(key, value.read(in));
        }
        in.endObject();
        return Collections.unmodifiableMap(map);
      }
    };
  }

  private static <T, C extends Collection<T>> C readElements(JsonReader in, JsonAdapter<T> element, C elements) {
    in.beginArray();
    while (in.hasNext()) {
      elements.add(element.read(in));
    }
    in.endArray();
    return elements;
  }

  /**
   * An optional: its value, or {@code null} when empty. A {@code null} {@code Optional} is written
   * as an empty one, since JSON has only one {@code null}, and so reads back as {@link
   * Optional#empty()}.
   *
   * @param value the value's adapter
   * @param <T> the value's type
   * @return the adapter
   */
  public static <T> JsonAdapter<Optional<T>> optionalOf(JsonAdapter<T> value) {
    return new JsonAdapter<>() {
      @Override
      public void write(JsonWriter out, Optional<T> optional) {
        if (optional == null || optional.isEmpty()) {
          out.nullValue();
        } else {
          value.write(out, optional.get());
        }
      }

      @Override
      public Optional<T> read(JsonReader in) {
        return in.nextIsNull() ? Optional.empty() : Optional.ofNullable(value.read(in));
      }
    };
  }

  /** Writes a non-null value. */
  private interface Writer<T> {
    void write(JsonWriter out, T value);
  }

  private static <T> JsonAdapter<T> nullSafe(Writer<T> writer, Function<JsonReader, T> reader) {
    return new JsonAdapter<>() {
      @Override
      public void write(JsonWriter out, T value) {
        if (value == null) {
          out.nullValue();
        } else {
          writer.write(out, value);
        }
      }

      @Override
      public T read(JsonReader in) {
        return in.nextIsNull() ? null : reader.apply(in);
      }
    };
  }

  private static <T> JsonAdapter<T> text(
      Function<T, String> format, Function<String, T> parse, String what) {
    return nullSafe(
        (out, v) -> out.value(format.apply(v)),
        in -> {
          int start = in.valuePosition();
          String text = in.nextString();
          try {
            return parse.apply(text);
          } catch (IllegalArgumentException | DateTimeException e) {
            throw in.errorAt(start, what + " (" + e.getMessage() + ")", "\"" + JsonReader.abbreviated(text) + "\"");
          }
        });
  }
}
