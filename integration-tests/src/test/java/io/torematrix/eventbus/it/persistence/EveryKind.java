package io.torematrix.eventbus.it.persistence;

import io.torematrix.eventbus.annotation.Event;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * An event with a property of every kind the JSON codec supports, and containers of them, for the
 * round-trip property test. {@code byte[]} is held by {@link Blob}, whose equality compares
 * contents, so that the whole event compares with {@code equals}.
 */
@Event(name = "every.kind", version = 1)
public record EveryKind(
    boolean flag,
    int count,
    long total,
    short small,
    byte tiny,
    double ratio,
    float share,
    char letter,
    Boolean boxedFlag,
    Integer boxedCount,
    Long boxedTotal,
    Short boxedSmall,
    Byte boxedTiny,
    Double boxedRatio,
    Float boxedShare,
    Character boxedLetter,
    String text,
    BigDecimal exact,
    BigInteger big,
    UUID id,
    Instant instant,
    LocalDate date,
    LocalTime time,
    LocalDateTime dateTime,
    OffsetDateTime offsetDateTime,
    ZonedDateTime zonedDateTime,
    Duration duration,
    Level level,
    Blob blob,
    Holder holder,
    List<Double> ratios,
    Set<String> tags,
    Map<String, BigDecimal> prices,
    Optional<String> note,
    List<Optional<Float>> shares,
    Map<String, List<Optional<Holder>>> nested,
    Optional<EveryKind> child) {

  /** An enum property. */
  public enum Level {
    LOW,
    HIGH
  }

  /** A record holding a {@code byte[]}, compared by content. */
  public record Blob(byte[] bytes) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Blob blob && java.util.Arrays.equals(bytes, blob.bytes);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "Blob" + java.util.Arrays.toString(bytes);
    }
  }
}
