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

/** An event holding every kind of property the JSON codec supports. */
@Event(name = "parcel.sent", version = 1, topic = "parcels.sent")
public record Parcel(
    String label,
    int count,
    long weightGrams,
    short shelf,
    byte bin,
    double volume,
    float ratio,
    boolean fragile,
    char grade,
    Integer boxedCount,
    Long boxedWeight,
    Double boxedVolume,
    Boolean insured,
    BigDecimal price,
    BigInteger serial,
    UUID id,
    Instant sentAt,
    LocalDate day,
    LocalTime time,
    LocalDateTime local,
    OffsetDateTime offset,
    ZonedDateTime zoned,
    Duration transit,
    Speed speed,
    List<Item> items,
    Set<String> tags,
    Map<String, Integer> stock,
    Optional<String> note,
    Optional<String> missingNote,
    byte[] photo,
    Address address) {

  public enum Speed {
    ECONOMY,
    EXPRESS
  }

  public record Item(String sku, int quantity, List<String> serials) {}

  public record Address(String street, String city, Optional<Address> forwardTo) {}
}
