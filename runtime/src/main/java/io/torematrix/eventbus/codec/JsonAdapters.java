package io.torematrix.eventbus.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
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
 * counterparts; {@code BigDecimal} to an exact JSON number; {@code UUID}, the {@code java.time}
 * types and enum constants to strings (ISO-8601, constant name); {@code byte[]} to base64.
 */
public final class JsonAdapters {
  private JsonAdapters() {}

  public static final JsonAdapter<String> STRING =
      nullSafe((out, v) -> out.value(v), JsonReader::nextString);
  public static final JsonAdapter<Boolean> BOOLEAN =
      nullSafe((out, v) -> out.value(v.booleanValue()), JsonReader::nextBoolean);
  public static final JsonAdapter<Integer> INTEGER =
      nullSafe((out, v) -> out.value(v.longValue()), JsonReader::nextInt);
  public static final JsonAdapter<Long> LONG =
      nullSafe((out, v) -> out.value(v.longValue()), JsonReader::nextLong);
  public static final JsonAdapter<Short> SHORT =
      nullSafe((out, v) -> out.value(v.longValue()), JsonAdapters::nextShort);
  public static final JsonAdapter<Byte> BYTE =
      nullSafe((out, v) -> out.value(v.longValue()), JsonAdapters::nextByte);
  public static final JsonAdapter<Double> DOUBLE =
      nullSafe((out, v) -> out.value(v.doubleValue()), JsonReader::nextDouble);
  public static final JsonAdapter<Float> FLOAT =
      nullSafe((out, v) -> out.value(v.doubleValue()), in -> (float) in.nextDouble());
  public static final JsonAdapter<Character> CHARACTER =
      nullSafe((out, v) -> out.value(String.valueOf(v)), JsonAdapters::nextChar);
  public static final JsonAdapter<BigDecimal> BIG_DECIMAL =
      nullSafe((out, v) -> out.value(v), JsonReader::nextBigDecimal);
  public static final JsonAdapter<BigInteger> BIG_INTEGER =
      nullSafe((out, v) -> out.value(new BigDecimal(v)), in -> in.nextBigDecimal().toBigIntegerExact());
  public static final JsonAdapter<UUID> UUID_ADAPTER = text(UUID::toString, UUID::fromString, "a UUID");
  public static final JsonAdapter<Instant> INSTANT = text(Instant::toString, Instant::parse, "an ISO-8601 instant");
  public static final JsonAdapter<LocalDate> LOCAL_DATE = text(LocalDate::toString, LocalDate::parse, "an ISO-8601 date");
  public static final JsonAdapter<LocalTime> LOCAL_TIME = text(LocalTime::toString, LocalTime::parse, "an ISO-8601 time");
  public static final JsonAdapter<LocalDateTime> LOCAL_DATE_TIME =
      text(LocalDateTime::toString, LocalDateTime::parse, "an ISO-8601 date-time");
  public static final JsonAdapter<OffsetDateTime> OFFSET_DATE_TIME =
      text(OffsetDateTime::toString, OffsetDateTime::parse, "an ISO-8601 date-time with offset");
  public static final JsonAdapter<ZonedDateTime> ZONED_DATE_TIME =
      text(ZonedDateTime::toString, ZonedDateTime::parse, "an ISO-8601 date-time with zone");
  public static final JsonAdapter<Duration> DURATION = text(Duration::toString, Duration::parse, "an ISO-8601 duration");
  public static final JsonAdapter<byte[]> BYTES =
      text(v -> Base64.getEncoder().encodeToString(v), v -> Base64.getDecoder().decode(v), "base64");

  /** Reads a {@code short} field, which may not be {@code null}. */
  public static short nextShort(JsonReader in) {
    return narrow(in.nextInt(), Short.MIN_VALUE, Short.MAX_VALUE, "short").shortValue();
  }

  /** Reads a {@code byte} field, which may not be {@code null}. */
  public static byte nextByte(JsonReader in) {
    return narrow(in.nextInt(), Byte.MIN_VALUE, Byte.MAX_VALUE, "byte").byteValue();
  }

  /** Reads a {@code char} field, which may not be {@code null}. */
  public static char nextChar(JsonReader in) {
    return single(in.nextString());
  }

  /** Enum constants by name; {@code values} is the enum's {@code values()}. */
  public static <E extends Enum<E>> JsonAdapter<E> enumOf(E[] values) {
    Map<String, E> byName = new HashMap<>();
    for (E value : values) {
      byName.put(value.name(), value);
    }
    return nullSafe(
        (out, v) -> out.value(v.name()),
        in -> {
          String name = in.nextString();
          E value = byName.get(name);
          if (value == null) {
            throw new JsonFormatException(
                "\"" + name + "\" is none of the constants " + byName.keySet().stream().sorted().toList());
          }
          return value;
        });
  }

  /** An immutable list of elements. */
  public static <T> JsonAdapter<List<T>> listOf(JsonAdapter<T> element) {
    return nullSafe(
        (out, list) -> {
          out.beginArray();
          for (T item : list) {
            element.write(out, item);
          }
          out.endArray();
        },
        in -> {
          List<T> list = new ArrayList<>();
          in.beginArray();
          while (in.hasNext()) {
            list.add(element.read(in));
          }
          in.endArray();
          return Collections.unmodifiableList(list);
        });
  }

  /** An immutable set of elements, keeping their order. */
  public static <T> JsonAdapter<Set<T>> setOf(JsonAdapter<T> element) {
    JsonAdapter<List<T>> list = listOf(element);
    return nullSafe(
        (out, set) -> list.write(out, new ArrayList<>(set)),
        in -> Collections.unmodifiableSet(new LinkedHashSet<>(list.read(in))));
  }

  /** An immutable map with string keys, keeping their order. */
  public static <V> JsonAdapter<Map<String, V>> mapOf(JsonAdapter<V> value) {
    return nullSafe(
        (out, map) -> {
          out.beginObject();
          for (Map.Entry<String, V> entry : map.entrySet()) {
            out.name(entry.getKey());
            value.write(out, entry.getValue());
          }
          out.endObject();
        },
        in -> {
          Map<String, V> map = new LinkedHashMap<>();
          in.beginObject();
          while (in.hasNext()) {
            String key = in.nextName();
            map.put(key, value.read(in));
          }
          in.endObject();
          return Collections.unmodifiableMap(map);
        });
  }

  /** An optional: its value, or {@code null} when empty. */
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
          String text = in.nextString();
          try {
            return parse.apply(text);
          } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new JsonFormatException("\"" + text + "\" is not " + what + ": " + e.getMessage());
          }
        });
  }

  private static Integer narrow(int value, int min, int max, String type) {
    if (value < min || value > max) {
      throw new JsonFormatException(value + " does not fit a " + type);
    }
    return value;
  }

  private static Character single(String text) {
    if (text.length() != 1) {
      throw new JsonFormatException("\"" + text + "\" is not a single character");
    }
    return text.charAt(0);
  }
}
