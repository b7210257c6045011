package io.torematrix.eventbus.micrometer;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A reading shared by many meters: taken from its source when first asked for, then again only
 * when the last one is older than the refresh interval, so that a scrape reading fifty meters reads
 * the bus (or the store behind it) once and every meter of that scrape agrees with the others.
 *
 * <p>Thread-safe: one thread at a time takes a reading, the others wait for it and share it; a
 * reading taken by one thread happens-before its use by another. What the source throws reaches
 * the caller and leaves the previous reading (if any) in place, to be taken again next time.
 *
 * @param <T> what is read
 */
final class Refreshed<T> {
  private final Supplier<? extends T> source;
  private final long refreshNanos;
  private final LongSupplier nanoTime;
  private T reading;
  private long takenAtNanos;

  /**
   * @param source takes a reading; called with this object's lock held
   * @param refresh how long a reading serves; {@link Duration#ZERO} takes one per call
   * @param nanoTime the clock, {@link System#nanoTime} but in tests
   */
  Refreshed(Supplier<? extends T> source, Duration refresh, LongSupplier nanoTime) {
    this.source = Objects.requireNonNull(source, "source");
    this.refreshNanos = requireRefresh(refresh).toNanos();
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  /**
   * {@code refresh} if it is a valid refresh interval.
   *
   * @throws NullPointerException if it is {@code null}
   * @throws IllegalArgumentException if it is negative
   */
  static Duration requireRefresh(Duration refresh) {
    Objects.requireNonNull(refresh, "refresh");
    if (refresh.isNegative()) {
      throw new IllegalArgumentException("refresh must not be negative: " + refresh);
    }
    return refresh;
  }

  /** The current reading, taken afresh if the last one is older than the refresh interval. */
  T get() {
    return get(fresh -> {});
  }

  /**
   * The current reading, taken afresh if the last one is older than the refresh interval; a fresh
   * reading is also given to {@code onFresh}, on the calling thread and outside the lock (so that
   * it may take other locks, a meter registry's, without ordering them after this one).
   */
  T get(Consumer<? super T> onFresh) {
    T taken;
    boolean fresh = false;
    synchronized (this) {
      long now = nanoTime.getAsLong();
      if (reading == null || now - takenAtNanos >= refreshNanos) {
        reading = source.get();
        takenAtNanos = now;
        fresh = true;
      }
      taken = reading;
    }
    if (fresh) {
      onFresh.accept(taken);
    }
    return taken;
  }
}
