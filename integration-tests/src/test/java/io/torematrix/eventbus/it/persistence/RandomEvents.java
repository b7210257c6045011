package io.torematrix.eventbus.it.persistence;

import io.torematrix.eventbus.codec.JsonLimits;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Random {@link EveryKind} events from one seed, leaning on edge values: NaN (with any payload),
 * the infinities, -0.0, the extreme longs, the extreme java.time values, NUL, unpaired surrogates,
 * long strings, and numbers at, inside and beyond the {@link JsonLimits}. It also tells, without
 * the codec's help, whether an event stays within the limits, so a test can hold the codec to
 * "reads back equal, or refuses to write".
 */
final class RandomEvents {
  private static final double[] DOUBLES = {
    Double.NaN, Double.longBitsToDouble(0x7ff0_0000_0000_0001L), Double.longBitsToDouble(0xfff8_dead_beef_0000L),
    Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE,
    Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, 0.1, 0.1 + 0.2, 1e-7, 1e21, 9007199254740993.0,
  };
  private static final float[] FLOATS = {
    Float.NaN, Float.intBitsToFloat(0x7f80_0001), Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0.0f, -0.0f,
    Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, 0.1f, 1e-7f, 16777217f,
  };
  private static final long[] LONGS = {
    Long.MIN_VALUE, Long.MIN_VALUE + 1, -1, 0, 1, Long.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE + 1L,
  };
  private static final char[] CHARS = {
    '\u0000', '\u001f', '"', '\\', '/', '\n', '\u007f', '\u2028', '\u2029', '\uD83D', '\uDE00', '\uDBFF', '\uDC00',
    '\uFFFD', '\uFFFF', '\uFEFF', 'Ω', '✓',
  };
  private static final int[] SCALES = {
    0, 1, -1, 6, 7, -6, -7, 100_000, -100_000, 100_001, -100_001, 100_990, Integer.MAX_VALUE, -Integer.MAX_VALUE,
    Integer.MIN_VALUE,
  };
  private static final List<String> ZONES = List.copyOf(new TreeSet<>(ZoneId.getAvailableZoneIds()));

  private final Random random;
  private int depth;

  RandomEvents(long seed) {
    this.random = new Random(seed);
  }

  EveryKind next() {
    depth = 0;
    return event();
  }

  /** Whether every number of {@code event} is within the limits, so that it can be written. */
  static boolean writable(EveryKind event) {
    if (event == null) {
      return true;
    }
    boolean prices =
        event.prices() == null || event.prices().values().stream().allMatch(RandomEvents::writable);
    return writable(event.exact())
        && (event.big() == null || event.big().toString().length() <= JsonLimits.MAX_NUMBER_LENGTH)
        && prices
        && writable(event.child().orElse(null));
  }

  /**
   * Whether {@code value} is within the limits: its {@code toString()} is short enough and shows
   * no exponent beyond them. Reads the text, not the codec.
   */
  static boolean writable(BigDecimal value) {
    if (value == null) {
      return true;
    }
    String text = value.toString();
    int e = text.indexOf('E');
    return text.length() <= JsonLimits.MAX_NUMBER_LENGTH
        && (e < 0 || Math.abs(Long.parseLong(text.substring(e + 1))) <= JsonLimits.MAX_EXPONENT);
  }

  private EveryKind event() {
    depth++;
    EveryKind event =
        new EveryKind(
            random.nextBoolean(),
            (int) aLong(),
            aLong(),
            (short) aLong(),
            (byte) aLong(),
            aDouble(),
            aFloat(),
            aChar(),
            orNull(random::nextBoolean),
            orNull(() -> (int) aLong()),
            orNull(this::aLong),
            orNull(() -> (short) aLong()),
            orNull(() -> (byte) aLong()),
            orNull(this::aDouble),
            orNull(this::aFloat),
            orNull(this::aChar),
            orNull(this::string),
            orNull(this::bigDecimal),
            orNull(this::bigInteger),
            orNull(() -> new UUID(random.nextLong(), random.nextLong())),
            orNull(this::instant),
            orNull(this::date),
            orNull(this::time),
            orNull(() -> LocalDateTime.of(date(), time())),
            orNull(() -> OffsetDateTime.of(LocalDateTime.of(date(), time()), offset())),
            orNull(this::zoned),
            orNull(this::duration),
            orNull(() -> EveryKind.Level.values()[random.nextInt(2)]),
            orNull(() -> new EveryKind.Blob(orNull(this::bytes))),
            orNull(this::holder),
            orNull(() -> list(() -> orNull(this::aDouble), new ArrayList<>())),
            orNull(() -> list(() -> orNull(this::string), new LinkedHashSet<>())),
            orNull(() -> map(() -> orNull(this::bigDecimal))),
            optional(this::string),
            orNull(() -> list(() -> optional(this::aFloat), new ArrayList<>())),
            orNull(() -> map(() -> orNull(() -> list(() -> optional(this::holder), new ArrayList<>())))),
            depth < 3 && random.nextInt(8) == 0 ? Optional.of(event()) : Optional.empty());
    depth--;
    return event;
  }

  private <T> T orNull(Supplier<T> value) {
    return random.nextInt(10) == 0 ? null : value.get();
  }

  private <T> Optional<T> optional(Supplier<T> value) {
    return random.nextInt(3) == 0 ? Optional.empty() : Optional.of(value.get());
  }

  private <T, C extends java.util.Collection<T>> C list(Supplier<T> element, C into) {
    int size = random.nextInt(4) == 0 ? 0 : random.nextInt(6);
    for (int i = 0; i < size; i++) {
      into.add(element.get());
    }
    return into;
  }

  private <V> Map<String, V> map(Supplier<V> value) {
    Map<String, V> map = new LinkedHashMap<>();
    int size = random.nextInt(5);
    for (int i = 0; i < size; i++) {
      map.put(string(), value.get());
    }
    return map;
  }

  private long aLong() {
    return switch (random.nextInt(3)) {
      case 0 -> LONGS[random.nextInt(LONGS.length)];
      case 1 -> random.nextInt(2001) - 1000;
      default -> random.nextLong();
    };
  }

  private double aDouble() {
    return switch (random.nextInt(3)) {
      case 0 -> DOUBLES[random.nextInt(DOUBLES.length)];
      case 1 -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(40) - 20);
      default -> Double.longBitsToDouble(random.nextLong());
    };
  }

  private float aFloat() {
    return switch (random.nextInt(3)) {
      case 0 -> FLOATS[random.nextInt(FLOATS.length)];
      case 1 -> (float) ((random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(20) - 10));
      default -> Float.intBitsToFloat(random.nextInt());
    };
  }

  private char aChar() {
    return random.nextBoolean() ? CHARS[random.nextInt(CHARS.length)] : (char) random.nextInt(0x10000);
  }

  private String string() {
    int bound = switch (random.nextInt(100)) {
      case 0 -> 100_000;
      case 1, 2, 3, 4 -> 2_000;
      default -> 20;
    };
    int length = random.nextInt(bound + 1);
    StringBuilder text = new StringBuilder(length);
    while (text.length() < length) {
      switch (random.nextInt(5)) {
        case 0 -> text.append(aChar());
        case 1 -> text.appendCodePoint(0x10000 + random.nextInt(0x100000));
        default -> text.append((char) (' ' + random.nextInt(95)));
      }
    }
    return text.toString();
  }

  private BigInteger bigInteger() {
    int digits = random.nextInt(50) == 0 ? 995 + random.nextInt(10) : 1 + random.nextInt(40);
    BigInteger value = new BigInteger(random.nextInt(10) == 0 ? "9".repeat(digits) : digitsOf(digits));
    return random.nextBoolean() ? value.negate() : value;
  }

  private String digitsOf(int count) {
    StringBuilder digits = new StringBuilder(count).append((char) ('1' + random.nextInt(9)));
    while (digits.length() < count) {
      digits.append((char) ('0' + random.nextInt(10)));
    }
    return digits.toString();
  }

  private BigDecimal bigDecimal() {
    int scale =
        switch (random.nextInt(20)) {
          case 0 -> SCALES[random.nextInt(SCALES.length)];
          case 1 -> random.nextInt();
          default -> random.nextInt(41) - 20;
        };
    BigInteger unscaled = random.nextInt(4) == 0 ? BigInteger.valueOf(random.nextInt(3) - 1) : bigInteger();
    return new BigDecimal(unscaled, scale);
  }

  private Instant instant() {
    return switch (random.nextInt(6)) {
      case 0 -> Instant.MIN;
      case 1 -> Instant.MAX;
      default -> Instant.ofEpochSecond(
          random.nextLong() % Instant.MAX.getEpochSecond(), random.nextInt(1_000_000_000));
    };
  }

  private LocalDate date() {
    return switch (random.nextInt(6)) {
      case 0 -> LocalDate.MIN;
      case 1 -> LocalDate.MAX;
      default -> LocalDate.ofEpochDay(random.nextLong() % LocalDate.MAX.toEpochDay());
    };
  }

  private LocalTime time() {
    return switch (random.nextInt(5)) {
      case 0 -> LocalTime.MIN;
      case 1 -> LocalTime.MAX;
      case 2 -> LocalTime.ofSecondOfDay(random.nextInt(86_400));
      default -> LocalTime.ofNanoOfDay((long) (random.nextDouble() * 86_400_000_000_000L));
    };
  }

  private ZoneOffset offset() {
    return ZoneOffset.ofTotalSeconds(random.nextInt(2 * 18 * 3600 + 1) - 18 * 3600);
  }

  private ZonedDateTime zoned() {
    ZoneId zone = random.nextBoolean() ? ZoneId.of(ZONES.get(random.nextInt(ZONES.size()))) : offset();
    LocalDateTime local =
        LocalDateTime.of(LocalDate.ofEpochDay(random.nextInt(200_000) - 100_000), time());
    return ZonedDateTime.ofLocal(local, zone, random.nextBoolean() ? offset() : null);
  }

  private Duration duration() {
    return switch (random.nextInt(5)) {
      case 0 -> Duration.ofSeconds(Long.MIN_VALUE);
      case 1 -> Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);
      default -> Duration.ofSeconds(random.nextLong() >> random.nextInt(64), random.nextInt(1_000_000_000));
    };
  }

  private byte[] bytes() {
    byte[] bytes = new byte[random.nextInt(40)];
    random.nextBytes(bytes);
    return bytes;
  }

  private Holder holder() {
    return new Holder(orNull(this::string), aChar());
  }
}
