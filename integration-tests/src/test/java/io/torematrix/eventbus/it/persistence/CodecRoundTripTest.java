package io.torematrix.eventbus.it.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventStores;
import io.torematrix.eventbus.StoredEvent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every supported property type survives a trip through the store and the generated adapters. */
class CodecRoundTripTest {

  static Parcel parcel() {
    Map<String, Integer> stock = new LinkedHashMap<>();
    stock.put("eu", 3);
    stock.put("us \"west\"", -1);
    return new Parcel(
        "fragile: \"glass\"\n— handle with care ✓",
        7,
        Long.MAX_VALUE,
        (short) -12,
        (byte) 127,
        0.1 + 0.2,
        1.5f,
        true,
        'Ω',
        42,
        null,
        Double.NaN,
        Boolean.FALSE,
        new BigDecimal("12345678901234567890.000000000000000001"),
        new BigInteger("98765432109876543210987654321"),
        UUID.fromString("0190c0ff-ee00-7000-8000-000000000001"),
        Instant.parse("2026-11-27T23:59:59.123456789Z"),
        LocalDate.of(2026, 2, 28),
        LocalTime.of(23, 59, 1, 5),
        LocalDateTime.of(2026, 1, 1, 0, 0),
        OffsetDateTime.of(2026, 3, 1, 12, 0, 0, 0, ZoneOffset.ofHours(-5)),
        ZonedDateTime.of(2026, 3, 29, 2, 30, 0, 0, ZoneId.of("Europe/Amsterdam")),
        Duration.ofMillis(90_061_001),
        Parcel.Speed.EXPRESS,
        List.of(new Parcel.Item("a-1", 2, List.of("s1", "s2")), new Parcel.Item("b-2", 1, List.of())),
        new LinkedHashSet<>(List.of("z", "a")),
        stock,
        Optional.of("leave at door"),
        Optional.empty(),
        "photo".getBytes(StandardCharsets.UTF_8),
        new Parcel.Address("Main St 1", "Utrecht", Optional.of(new Parcel.Address("Side 2", "Delft", Optional.empty()))));
  }

  @Test
  void everySupportedPropertyTypeRoundTrips() {
    Parcel sent = parcel();
    List<StoredEvent> stored;
    try (EventBus bus = EventBus.builder().directExecution().store(EventStores.inMemory()).build()) {
      bus.publish(sent);
      stored = bus.history().query(io.torematrix.eventbus.EventQuery.all()).toCompletableFuture().join();
    }
    Parcel read = (Parcel) stored.get(0).event();
    assertArrayEquals(sent.photo(), read.photo());
    assertEquals(withoutPhoto(sent), withoutPhoto(read));
    assertEquals(List.of("z", "a"), List.copyOf(read.tags()), "set order is kept");
    assertEquals(List.of("eu", "us \"west\""), List.copyOf(read.stock().keySet()), "map order is kept");
    assertEquals(Set.of("z", "a"), read.tags());
  }

  private static Parcel withoutPhoto(Parcel p) {
    return new Parcel(
        p.label(), p.count(), p.weightGrams(), p.shelf(), p.bin(), p.volume(), p.ratio(),
        p.fragile(), p.grade(), p.boxedCount(), p.boxedWeight(), p.boxedVolume(), p.insured(),
        p.price(), p.serial(), p.id(), p.sentAt(), p.day(), p.time(), p.local(), p.offset(),
        p.zoned(), p.transit(), p.speed(), p.items(), p.tags(), p.stock(), p.note(),
        p.missingNote(), null, p.address());
  }
}
