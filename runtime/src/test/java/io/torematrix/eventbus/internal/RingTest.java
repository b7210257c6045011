package io.torematrix.eventbus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RingTest {
  private static final Subscriber<?>[] NOBODY = Selection.NONE;

  @Test
  void aRingHasThePowerOfTwoOfSlotsAtOrAboveItsCapacityAndAtLeastTwo() {
    assertEquals(2, new Ring(1).size());
    assertEquals(2, new Ring(2).size());
    assertEquals(4, new Ring(3).size());
    assertEquals(16_384, new Ring(10_000).size());
    assertEquals(Ring.MAX_SIZE, new Ring(Ring.MAX_SIZE).size());
  }

  @Test
  void aCapacityOutOfRangeIsRefusedNamingTheRange() {
    IllegalArgumentException tooBig =
        assertThrows(IllegalArgumentException.class, () -> new Ring(Ring.MAX_SIZE + 1));
    assertEquals(
        "a ring holds from 1 to " + Ring.MAX_SIZE + " events, not " + (Ring.MAX_SIZE + 1),
        tooBig.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Ring(0));
  }

  @Test
  void eventsComeOutInTheOrderTheyWentInAcrossManyLaps() {
    Ring ring = new Ring(4);
    Posted[] batch = batch(3);
    for (int round = 0; round < 1_000; round++) {
      int puts = 1 + round % 4;
      for (int i = 0; i < puts; i++) {
        put(ring, round * 10 + i);
      }
      int taken = 0;
      while (taken < puts) {
        int count = ring.take(batch);
        assertTrue(count > 0 && count <= batch.length, "took " + count);
        for (int i = 0; i < count; i++) {
          assertEquals(round * 10 + taken + i, batch[i].event);
        }
        taken += count;
      }
      assertTrue(ring.isEmpty());
      assertEquals(0, ring.take(batch), "nothing more");
    }
  }

  @Test
  void takeCopiesEveryFieldAndTheSlotKeepsNothing() {
    Ring ring = new Ring(2);
    EventIds ids = new EventIds();
    Instant stamp = Instant.parse("2026-11-30T00:00:00Z");
    Object event = new Object();
    ring.put(event, NOBODY, null, "orders.eu", null, stamp, ids, 42L);
    assertEquals(1, ring.queued());

    Posted[] batch = batch(1);
    assertEquals(1, ring.take(batch));

    assertSame(event, batch[0].event);
    assertSame(NOBODY, batch[0].subscribers);
    assertEquals("orders.eu", batch[0].topic);
    assertSame(stamp, batch[0].stamp);
    assertSame(ids, batch[0].ids);
    assertEquals(42L, batch[0].id);
    // once around the ring, the first slot is reused: it was cleared, then filled anew
    ring.put("second", NOBODY, null, null, null, null, null, 0L);
    ring.put("third", NOBODY, null, null, null, null, null, 0L);
    assertEquals(1, ring.take(batch));
    assertEquals("second", batch[0].event);
    assertEquals(1, ring.take(batch));
    assertEquals("third", batch[0].event);
    assertNull(batch[0].topic, "nothing of the first event stayed in the slot");
    assertNull(batch[0].stamp);
  }

  @Test
  void aConsumerTakesEveryPublishedEventUpToItsBatchInOneGo() {
    Ring ring = new Ring(16);
    for (int i = 0; i < 10; i++) {
      put(ring, i);
    }
    Posted[] batch = batch(8);

    assertEquals(8, ring.take(batch), "a full batch");
    assertEquals(2, ring.take(batch), "the rest");
    assertEquals(8, batch[0].event);
    assertEquals(9, batch[1].event);
    assertEquals(0, ring.take(batch));
  }

  @Test
  void aConsumerTakesNoMoreThanItsShare() {
    Ring ring = new Ring(16);
    for (int i = 0; i < 5; i++) {
      put(ring, i);
    }
    Posted[] batch = batch(8);

    assertEquals(2, ring.take(batch, 2));
    assertEquals(1, batch[1].event);
    assertEquals(3, ring.queued());
    assertEquals(3, ring.take(batch, 8));
    assertEquals(2, batch[0].event);
    assertTrue(ring.isEmpty());
  }

  @Test
  void aProducerWhoseSlotIsStillInUseWaitsForItThenPublishes() throws Exception {
    Ring ring = new Ring(2);
    put(ring, 1);
    put(ring, 2);
    CountDownLatch started = new CountDownLatch(1);
    Thread producer =
        new Thread(
            () -> {
              started.countDown();
              put(ring, 3);
            });
    producer.start();
    started.await();
    producer.join(50);
    assertTrue(producer.isAlive(), "the slot of the third event still holds the first");

    Posted[] batch = batch(1);
    assertEquals(1, ring.take(batch));
    assertEquals(1, batch[0].event);
    producer.join(10_000);
    assertFalse(producer.isAlive());
    assertEquals(1, ring.take(batch));
    assertEquals(2, batch[0].event);
    assertEquals(1, ring.take(batch));
    assertEquals(3, batch[0].event);
  }

  @Test
  void concurrentProducersAndConsumersHandOverEveryEventOnceInEachProducersOrder()
      throws Exception {
    int capacity = 64;
    int producers = 4;
    int consumers = 2;
    int perProducer = 20_000;
    Ring ring = new Ring(capacity);
    // the room a lane reserves before each put and gives back after the event was taken
    Semaphore room = new Semaphore(capacity);
    AtomicReferenceArray<Integer> seen = new AtomicReferenceArray<>(producers * perProducer);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      int producer = p;
      threads.add(
          new Thread(
              () -> {
                for (int i = 0; i < perProducer; i++) {
                  room.acquireUninterruptibly();
                  put(ring, producer * perProducer + i);
                }
              }));
    }
    int total = producers * perProducer;
    AtomicInteger consumed = new AtomicInteger();
    for (int c = 0; c < consumers; c++) {
      threads.add(
          new Thread(
              () -> {
                Posted[] batch = batch(16);
                int[] last = new int[producers];
                Arrays.fill(last, -1);
                while (consumed.get() < total) {
                  int count = ring.take(batch);
                  for (int i = 0; i < count; i++) {
                    int value = (Integer) batch[i].event;
                    int producer = value / perProducer;
                    if (value % perProducer <= last[producer]) {
                      failure.compareAndSet(
                          null, new AssertionError(value + " came after " + last[producer]));
                    }
                    last[producer] = value % perProducer;
                    if (!seen.compareAndSet(value, null, value)) {
                      failure.compareAndSet(null, new AssertionError(value + " taken twice"));
                    }
                  }
                  if (count > 0) {
                    room.release(count);
                    consumed.addAndGet(count);
                  } else {
                    Thread.onSpinWait();
                  }
                }
              }));
    }
    threads.forEach(Thread::start);
    for (Thread thread : threads) {
      thread.join(30_000);
      assertFalse(thread.isAlive(), "the hand-over finished in time");
    }

    assertNull(failure.get(), () -> String.valueOf(failure.get()));
    for (int i = 0; i < total; i++) {
      assertEquals(i, seen.get(i), "event " + i + " was taken");
    }
    assertTrue(ring.isEmpty());
  }

  private static void put(Ring ring, Object event) {
    ring.put(event, NOBODY, null, null, null, null, null, 0L);
  }

  private static Posted[] batch(int size) {
    Posted[] batch = new Posted[size];
    for (int i = 0; i < size; i++) {
      batch[i] = new Posted();
    }
    return batch;
  }
}
