package io.torematrix.eventbus.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * When a wait that several steps share ends. A duration too long to count in nanoseconds (about
 * 292 years) never ends, as in {@link TimeUnit}: the arithmetic saturates instead of overflowing.
 */
final class Deadline {
  private final long start = System.nanoTime();
  private final long nanos;

  private Deadline(long nanos) {
    this.nanos = nanos;
  }

  /** The deadline {@code timeout} from now; a negative one has passed already. */
  static Deadline after(Duration timeout) {
    return new Deadline(TimeUnit.NANOSECONDS.convert(timeout));
  }

  /** This deadline, or {@code nanos} from now if that comes first. */
  Deadline earlier(long nanos) {
    return new Deadline(Math.min(remainingNanos(), nanos));
  }

  /** The nanoseconds left, 0 once it passed. */
  long remainingNanos() {
    return Math.max(0, nanos - (System.nanoTime() - start));
  }

  /** The time left, zero once it passed. */
  Duration remaining() {
    return Duration.ofNanos(remainingNanos());
  }
}
