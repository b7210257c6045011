package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.EventContext;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A bounded ring of posted events between any number of producers and any number of consumers,
 * after the LMAX Disruptor: its slots are allocated with it and reused for ever, so that handing an event over allocates nothing; a producer claims a position
 * with one atomic increment of the padded {@code tail}, fills the slot and publishes it through the
 * slot's sequence; a consumer claims every published position up to a batch at once with one
 * compare-and-set of the padded {@code head}, copies the events out and frees their slots. No lock
 * is taken.
 *
 * <p>The ring does not count room: its owner, a {@link Lane}, reserves a place of its {@link Room}
 * before each {@link #put} and gives it back only after the event was {@linkplain #take taken} and
 * delivered, and the ring has at least as many slots as the room has places. So a producer never
 * finds the ring full; it may find its slot still being copied out by a consumer that claimed it
 * one lap earlier (or by a producer that claimed the position before it and has not published
 * yet), and then waits for it: spinning, yielding, then parking {@value #PARK_NANOS} ns at a time.
 * That wait does not respond to interruption (the event has its place already, and the slot is
 * freed by code that runs no handler); an interrupted producer keeps its interrupt status.
 *
 * <p>Each slot's sequence, kept relative to its index so that a new ring needs no initialising
 * pass, is {@code lap * size} when the slot is free for the position {@code lap * size + index},
 * one more when that position is published, and {@code (lap + 1) * size} once it was taken.
 *
 * <p>Memory consistency: what a producer wrote to a slot before {@link #put} returned happens-before
 * the consumer that {@linkplain #take takes} that position reads it, and that consumer's reads
 * happen-before the next producer of the slot writes it.
 */
final class Ring {
  /** The most slots a ring has: a lane with more room hands its events over otherwise. */
  static final int MAX_SIZE = 1 << 16;

  private static final int SPINS = 128;
  private static final int YIELDS = 16;
  private static final long PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(20);

  private final Posted[] slots;
  private final AtomicLongArray sequences;
  private final int mask;
  /** The next position a producer claims. */
  private final Sequence tail = new Sequence();
  /** The next position a consumer claims. */
  private final Sequence head = new Sequence();

  /**
   * A ring with the smallest power of two of slots that is at least {@code capacity}, and at least
   * 2 (with one slot, a published position and a free one would have the same sequence).
   *
   * @throws IllegalArgumentException if {@code capacity} is below 1 or above {@link #MAX_SIZE}
   */
  Ring(int capacity) {
    if (capacity < 1 || capacity > MAX_SIZE) {
      throw new IllegalArgumentException(
          "a ring holds from 1 to " + MAX_SIZE + " events, not " + capacity);
    }
    int size = capacity <= 2 ? 2 : Integer.highestOneBit(capacity - 1) << 1;
    this.slots = new Posted[size];
    for (int i = 0; i < size; i++) {
      slots[i] = new Posted();
    }
    this.sequences = new AtomicLongArray(size);
    this.mask = size - 1;
  }

  /** The number of slots. */
  int size() {
    return slots.length;
  }

  /**
   * Publishes a posted event (see {@link Posted} for the fields) for consumers to take; the caller
   * holds room for it (see the class comment). Waits for its slot if a consumer or a producer of
   * an earlier position still uses it. Between claiming its position and publishing it, it calls
   * no method that could overflow the stack and leave the position unpublished, which would stop
   * every consumer: it may throw, a {@link StackOverflowError} say, only before it claimed anything.
   */
  void put(
      Object event,
      Subscriber<?>[] subscribers,
      EventType type,
      String topic,
      EventContext parent,
      Instant stamp,
      EventIds ids,
      long id) {
    long position = tail.getAndIncrement();
    int index = (int) position & mask;
    long lap = position - index;
    for (int tries = 0; sequences.get(index) != lap; tries++) {
      try {
        if (tries < SPINS) {
          Thread.onSpinWait();
        } else if (tries < SPINS + YIELDS) {
          Thread.yield();
        } else {
          LockSupport.parkNanos(this, PARK_NANOS);
        }
      } catch (StackOverflowError tooDeep) {
        // no stack to yield or park: spin
      }
    }
    Posted slot = slots[index];
    slot.event = event;
    slot.subscribers = subscribers;
    slot.type = type;
    slot.topic = topic;
    slot.parent = parent;
    slot.stamp = stamp;
    slot.ids = ids;
    slot.id = id;
    // a volatile write, not a release: a consumer about to park reads this sequence (isEmpty)
    // after it counted itself idle, and this producer reads that count after this write (see
    // LaneThreads), so one of them sees the other
    sequences.set(index, lap + 1);
  }

  /**
   * Claims every published position from the head on, up to {@code into.length} of them and up to
   * the first not published yet, copies their events into {@code into} from index 0 in position
   * order, and frees their slots.
   *
   * @return how many events were taken; 0 if none is published at the head
   */
  int take(Posted[] into) {
    return take(into, into.length);
  }

  /**
   * {@link #take(Posted[])}, taking at most {@code most} events, which is at most {@code
   * into.length} and at most {@link #size()}.
   */
  int take(Posted[] into, int most) {
    for (; ; ) {
      long first = head.get();
      int count = 0;
      while (count < most) {
        long position = first + count;
        int index = (int) position & mask;
        if (sequences.get(index) != position - index + 1) {
          break;
        }
        count++;
      }
      if (count == 0) {
        return 0;
      }
      if (head.compareAndSet(first, first + count)) {
        for (int i = 0; i < count; i++) {
          long position = first + i;
          int index = (int) position & mask;
          Posted slot = slots[index];
          into[i].copy(slot);
          slot.clear();
          sequences.lazySet(index, position - index + slots.length);
        }
        return count;
      }
    }
  }

  /**
   * Whether no event is published at the head: {@code true} also while the producer of the head
   * position fills its slot. It reads the head and that slot's sequence, never the tail, so that a
   * consumer that keeps looking for work does not pull the tail's cache line away from producers.
   */
  boolean isEmpty() {
    long first = head.get();
    int index = (int) first & mask;
    return sequences.get(index) != first - index + 1;
  }

  /** Positions claimed and not taken yet: events queued, and producers filling their slot. */
  long queued() {
    return Math.max(0, tail.get() - head.get());
  }
}
