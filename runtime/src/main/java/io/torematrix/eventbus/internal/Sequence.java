package io.torematrix.eventbus.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A counter padded against false sharing: an {@link AtomicLong} followed by 56 bytes of padding,
 * so that no field allocated after it shares its cache line, and two sequences allocated one after
 * the other (the head and tail of a {@link Ring}) sit on different lines: a thread that writes one
 * does not slow down the threads that read or write the other, as the LMAX Disruptor pads its
 * sequences. Padding is a hint about object layout, never a matter of correctness.
 *
 * <p>Memory consistency and thread safety are those of {@link AtomicLong}.
 */
final class Sequence extends AtomicLong {
  private static final long serialVersionUID = 1L;

  // the padding: never read
  private long p1;
  private long p2;
  private long p3;
  private long p4;
  private long p5;
  private long p6;
  private long p7;

  /** A sequence starting at 0. */
  Sequence() {}
}
