package io.torematrix.eventbus.it.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.EventStoreException;
import io.torematrix.eventbus.EventStores;
import io.torematrix.eventbus.PublishResult;
import io.torematrix.eventbus.StoredEvent;
import io.torematrix.eventbus.codec.JsonEventCodec;
import io.torematrix.eventbus.spi.EventStore;
import io.torematrix.eventbus.spi.EventTypeInfo;
import io.torematrix.eventbus.store.jdbc.JdbcEventStores;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every supported property type survives a trip through the store and the generated adapters; an
 * event the codec could not read back fails its publish instead of being stored.
 */
class CodecRoundTripTest {
  @TempDir Path directory;

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

  private static Parcel labelled(String label, Optional<String> note, BigDecimal price) {
    Parcel p = parcel();
    return new Parcel(
        label, p.count(), p.weightGrams(), p.shelf(), p.bin(), p.volume(), p.ratio(),
        p.fragile(), p.grade(), p.boxedCount(), p.boxedWeight(), p.boxedVolume(), p.insured(),
        price, p.serial(), p.id(), p.sentAt(), p.day(), p.time(), p.local(), p.offset(),
        p.zoned(), p.transit(), p.speed(), p.items(), p.tags(), p.stock(), note,
        p.missingNote(), null, p.address());
  }

  /** {@code message} with the event id it names, which is new at each publish, as {@code <id>}. */
  private static String withoutId(String message) {
    return message.replaceFirst(" event [0-9a-f-]{36}: ", " event <id>: ");
  }

  private static Object roundTrip(EventStore store, Object event) {
    try (EventBus bus = EventBus.builder().directExecution().store(store).build()) {
      bus.publish(event).toCompletableFuture().join();
      List<StoredEvent> stored = bus.history().query(EventQuery.all()).toCompletableFuture().join();
      return stored.get(stored.size() - 1).event();
    }
  }

  @Test
  void aPayloadStringWithAnUnpairedSurrogateReadsBackExactly() {
    Parcel sent = labelled("x\uD83Dy", Optional.of("\uDE00\u0000"), BigDecimal.ONE);
    for (EventStore store : List.of(EventStores.inMemory(), JdbcEventStores.sqlite(directory.resolve("s.db")))) {
      Parcel read = (Parcel) roundTrip(store, sent);
      assertEquals("x\uD83Dy", read.label(), "not x?y");
      assertEquals(Optional.of("\uDE00\u0000"), read.note());
    }
  }

  @Test
  void aNullOptionalReadsBackEmptyAsDocumented() {
    Parcel read = (Parcel) roundTrip(EventStores.inMemory(), labelled("l", null, BigDecimal.ONE));
    assertEquals(Optional.empty(), read.note());
  }

  @Test
  void aBigDecimalWhoseTextTheReaderRefusesFailsThePublishAndIsNotStored() {
    BigDecimal unreadable = new BigDecimal(BigInteger.valueOf(12), -Integer.MAX_VALUE);
    List<Object> handled = new CopyOnWriteArrayList<>();
    try (EventBus bus = EventBus.builder().directExecution().store(EventStores.inMemory()).build()) {
      bus.subscribe(Parcel.class, handled::add);
      CompletableFuture<PublishResult> publish =
          bus.publish(labelled("refused", Optional.empty(), unreadable)).toCompletableFuture();
      CompletionException e = assertThrows(CompletionException.class, publish::join);
      assertInstanceOf(EventStoreException.class, e.getCause());
      assertEquals(
          "could not encode parcel.sent event <id>: cannot write this"
              + " io.torematrix.eventbus.it.persistence.Parcel as JSON: the BigDecimal 1.2E+2147483648"
              + " has an exponent beyond ±100000 (JsonLimits.MAX_EXPONENT), which the JSON codec does"
              + " not read",
          withoutId(e.getCause().getMessage()));

      Parcel next = labelled("accepted", Optional.empty(), BigDecimal.TEN);
      bus.publish(next).toCompletableFuture().join();
      List<StoredEvent> stored = bus.history().query(EventQuery.all()).toCompletableFuture().join();
      assertEquals(1, stored.size(), "only the readable event was stored");
      assertEquals("accepted", ((Parcel) stored.get(0).event()).label());
      assertEquals(List.of("accepted"), handled.stream().map(p -> ((Parcel) p).label()).toList());
    }
  }

  @Test
  void aRecordNestedToTheDepthLimitRoundTrips() {
    Node chain = Node.chain(1000);
    assertEquals(chain.values(), ((Node) roundTrip(EventStores.inMemory(), chain)).values());
  }

  @Test
  void theCostliestShapeAtTheDepthLimitFitsWellWithinTheDefaultStack() throws InterruptedException {
    // A record holding itself through Map, List and Optional: 3 JSON levels and 5 frames per
    // record. 333 of them nest 998 deep; JsonLimits says this needs about 440 KiB.
    EventTypeInfo tree = EventTypeInfo.of(Tree.class, "tree", 1, "tree").json(Tree_JsonAdapter.INSTANCE);
    JsonEventCodec codec = new JsonEventCodec(List.of());
    AtomicReference<Object> outcome = new AtomicReference<>();
    Thread thread =
        new Thread(
            null,
            () -> {
              try {
                byte[] payload = codec.encode(Tree.deep(333), tree);
                byte[] again = codec.encode(codec.decode(payload, 1, tree), tree);
                outcome.set(Arrays.equals(payload, again) ? "read back equal" : "read back different");
              } catch (Throwable e) {
                outcome.set(e);
              }
            },
            "small-stack",
            640 * 1024);
    thread.start();
    thread.join();
    assertEquals("read back equal", outcome.get());
  }

  @Test
  void aRecordNestedTwoHundredThousandDeepFailsItsPublishInsteadOfOverflowingTheStack() {
    try (EventBus bus = EventBus.builder().directExecution().store(EventStores.inMemory()).build()) {
      CompletionException e =
          assertThrows(CompletionException.class, () -> bus.publish(Node.chain(200_000)).toCompletableFuture().join());
      assertInstanceOf(EventStoreException.class, e.getCause());
      assertEquals(
          "could not encode node event <id>: cannot write this io.torematrix.eventbus.it.persistence.Node"
              + " as JSON: objects and arrays nest deeper than 1000 (JsonLimits.MAX_DEPTH), which the JSON"
              + " codec does not read",
          withoutId(e.getCause().getMessage()));
      assertEquals(List.of(), bus.history().query(EventQuery.all()).toCompletableFuture().join());
    }
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
