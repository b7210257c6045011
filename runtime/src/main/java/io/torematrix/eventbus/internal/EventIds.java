package io.torematrix.eventbus.internal;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Creates version 7 UUIDs, strictly increasing for one generator (each bus has one): a 48-bit
 * millisecond timestamp, a 12-bit sequence that breaks ties within a millisecond (borrowing the
 * next millisecond when it overflows), and 62 random bits fixed per generator that keep the ids of
 * different buses and processes apart.
 */
final class EventIds {
  private final AtomicLong lastTimeAndSequence = new AtomicLong();
  private final long randomBits;

  /** Creates a generator with fresh random bits. */
  EventIds() {
    this.randomBits = new SecureRandom().nextLong() & 0x3FFF_FFFF_FFFF_FFFFL;
  }

  /**
   * Whether {@code id} came from this generator: its random bits are this generator's. One bus has
   * one generator, so this tells the events a bus published from those of another bus.
   */
  boolean issued(UUID id) {
    return id.getLeastSignificantBits() == (0x8000_0000_0000_0000L | randomBits);
  }

  /** Returns the next id, stamped with the current time. */
  UUID next() {
    return next(System.currentTimeMillis());
  }

  /** Returns the next id, stamped with {@code nowMillis} (or later, to stay increasing). */
  UUID next(long nowMillis) {
    return id(reserve(nowMillis));
  }

  /**
   * Takes the next id, stamped with {@code nowMillis} (or later, to stay increasing), without
   * making it: returns what {@link #id(long)} makes it from, later, allocating only then.
   */
  long reserve(long nowMillis) {
    long candidate = nowMillis << 12;
    long timeAndSequence;
    while (true) {
      long last = lastTimeAndSequence.get();
      timeAndSequence = Math.max(candidate, last + 1);
      if (lastTimeAndSequence.compareAndSet(last, timeAndSequence)) {
        return timeAndSequence;
      }
    }
  }

  /** The id whose time and sequence {@link #reserve(long)} returned as {@code timeAndSequence}. */
  UUID id(long timeAndSequence) {
    long millis = timeAndSequence >>> 12;
    long sequence = timeAndSequence & 0xFFF;
    long mostSignificant = (millis << 16) | 0x7000L | sequence;
    long leastSignificant = 0x8000_0000_0000_0000L | randomBits;
    return new UUID(mostSignificant, leastSignificant);
  }
}
