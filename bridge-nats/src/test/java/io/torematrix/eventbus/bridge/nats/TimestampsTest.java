package io.torematrix.eventbus.bridge.nats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Timestamps} writes what {@link Instant#toString()} writes, whatever the instant. */
class TimestampsTest {

  @Test
  void writesEveryInstantAsInstantToStringDoes() {
    Timestamps timestamps = new Timestamps();
    SplittableRandom random = new SplittableRandom(42);
    Instant[] edges = {
      Instant.EPOCH,
      Instant.parse("2026-12-01T12:00:00Z"),
      Instant.parse("2026-12-01T12:00:00.100Z"),
      Instant.parse("2026-12-01T12:00:00.000100Z"),
      Instant.parse("2026-12-01T12:00:00.000000100Z"),
      Instant.parse("2026-12-01T12:00:00.999999999Z"),
      Instant.parse("0000-01-01T00:00:00Z"),
      Instant.parse("9999-12-31T23:59:59.999Z"),
      Instant.parse("-0001-12-31T23:59:59Z"),
      Instant.parse("+10000-01-01T00:00:00Z"),
      Instant.MIN,
      Instant.MAX,
    };
    for (Instant instant : edges) {
      assertEquals(instant.toString(), timestamps.iso(instant));
    }
    long second = Instant.parse("2026-12-01T12:00:00Z").getEpochSecond();
    for (int i = 0; i < 100_000; i++) {
      long epochSecond =
          i % 3 == 0 ? second + random.nextInt(3) : random.nextLong(-70_000_000_000L, 260_000_000_000L);
      int nanos =
          switch (i % 4) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1_000_000_000);
          };
      Instant instant = Instant.ofEpochSecond(epochSecond, nanos);
      assertEquals(instant.toString(), timestamps.iso(instant), "epoch second " + epochSecond);
    }
  }
}
