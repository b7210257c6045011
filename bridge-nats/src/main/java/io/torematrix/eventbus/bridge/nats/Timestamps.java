package io.torematrix.eventbus.bridge.nats;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Writes instants as {@link Instant#toString()} does (ISO-8601, UTC, the fraction in groups of
 * three digits, none when zero), keeping the text up to the second of the last instant written:
 * the relay writes one timestamp header per event, and events published together share their
 * second, so most take only the fraction. Not thread-safe: one per relay session.
 */
final class Timestamps {
  /** Instants of years 0 to 9999 take the short way; the others {@link Instant#toString()}. */
  private static final long FIRST_SECOND = -62_167_219_200L; // 0000-01-01T00:00:00Z
  private static final long LAST_SECOND = 253_402_300_799L; // 9999-12-31T23:59:59Z

  private long second = Long.MIN_VALUE;
  /** The text of {@link #second}, {@code yyyy-MM-ddTHH:mm:ss}. */
  private String secondText;
  private final StringBuilder text = new StringBuilder(32);

  /** {@code instant} as {@link Instant#toString()} writes it. */
  String iso(Instant instant) {
    long epochSecond = instant.getEpochSecond();
    if (epochSecond < FIRST_SECOND || epochSecond > LAST_SECOND) {
      return instant.toString();
    }
    if (epochSecond != second) {
      String whole = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC).toString();
      // LocalDateTime leaves out zero seconds ("12:00"); Instant does not
      secondText = whole.length() == 16 ? whole + ":00" : whole;
      second = epochSecond;
    }
    text.setLength(0);
    text.append(secondText);
    int nanos = instant.getNano();
    if (nanos != 0) {
      text.append('.');
      int digits;
      int value;
      if (nanos % 1_000_000 == 0) {
        digits = 3;
        value = nanos / 1_000_000;
      } else if (nanos % 1_000 == 0) {
        digits = 6;
        value = nanos / 1_000;
      } else {
        digits = 9;
        value = nanos;
      }
      int start = text.length();
      for (int i = 0; i < digits; i++) {
        text.append('0');
      }
      for (int at = start + digits - 1; value != 0; at--, value /= 10) {
        text.setCharAt(at, (char) ('0' + value % 10));
      }
    }
    return text.append('Z').toString();
  }
}
