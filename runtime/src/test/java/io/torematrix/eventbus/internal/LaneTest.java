package io.torematrix.eventbus.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.BackpressurePolicy;
import io.torematrix.eventbus.annotation.Priority;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LaneTest {

  @Test
  void aDrainerInterruptedByAnAbandoningShutdownRunsNoQueuedWork() throws Exception {
    // the race between the interrupted drainer and the abandoning thread is short: try it often
    for (int round = 0; round < 200; round++) {
      List<Thread> threads = new CopyOnWriteArrayList<>();
      Lane lane = lane(threads);
      CountDownLatch started = new CountDownLatch(1);
      lane.execute(
          () -> {
            started.countDown();
            try {
              new CountDownLatch(1).await();
            } catch (InterruptedException interrupted) {
              // returns, as a handler that gives up on interruption would
            }
          });
      Work queued = new Work();
      lane.execute(queued);
      started.await();
      IllegalStateException reason = new IllegalStateException("closed");

      lane.shutdown(true, reason);

      for (Thread thread : threads) {
        thread.join(10_000);
        assertFalse(thread.isAlive(), "the lane's thread ended");
      }
      assertFalse(queued.ran, "round " + round + ": queued work ran after the lane abandoned it");
      assertSame(reason, queued.abandonedWith, "round " + round);
    }
  }

  @Test
  void workQueuedAfterAnAbandoningShutdownIsAbandonedWithItsReason() {
    Lane lane = lane(new CopyOnWriteArrayList<>());
    IllegalStateException reason = new IllegalStateException("closed");
    lane.shutdown(true, reason);

    Work late = new Work();
    lane.execute(late);

    assertFalse(late.ran);
    assertSame(reason, late.abandonedWith);
  }

  @Test
  void aLaneThreadEndsAfterItsIdleTimeAndANewOneStartsForNewWork() throws Exception {
    List<Thread> threads = new CopyOnWriteArrayList<>();
    Lane lane =
        Lane.onOwnThreads(
            Priority.NORMAL,
            10,
            BackpressurePolicy.failImmediately(),
            runnable -> {
              Thread thread = new Thread(runnable);
              thread.setDaemon(true);
              threads.add(thread);
              return thread;
            },
            2,
            Duration.ofMillis(50));
    Work first = new Work();
    lane.execute(first);
    threads.get(0).join(10_000);
    assertFalse(threads.get(0).isAlive(), "the idle thread ended");
    assertTrue(first.ran);

    Work second = new Work();
    lane.execute(second);
    threads.get(1).join(10_000);
    assertTrue(second.ran, "a new thread ran the new work");
    lane.shutdown(false, null);
  }

  @Test
  void aGracefulShutdownRunsWhatIsQueuedThenRefusesNewWork() throws Exception {
    List<Thread> threads = new CopyOnWriteArrayList<>();
    Lane lane = lane(threads);
    CountDownLatch release = new CountDownLatch(1);
    lane.execute(
        () -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    Work queued = new Work();
    lane.execute(queued);

    lane.shutdown(false, null);
    assertThrows(RejectedExecutionException.class, () -> lane.execute(new Work()));
    release.countDown();
    threads.get(0).join(10_000);

    assertTrue(queued.ran, "work queued before the shutdown ran");
    assertFalse(threads.get(0).isAlive());
  }

  private static Lane lane(List<Thread> threads) {
    return Lane.onOwnThreads(
        Priority.NORMAL,
        10,
        BackpressurePolicy.failImmediately(),
        runnable -> {
          Thread thread = new Thread(runnable);
          thread.setDaemon(true);
          threads.add(thread);
          return thread;
        },
        1,
        Duration.ofMinutes(1));
  }

  private static final class Work implements Runnable, Abandonable {
    volatile boolean ran;
    volatile Throwable abandonedWith;

    @Override
    public void run() {
      ran = true;
    }

    @Override
    public void abandon(Throwable reason) {
      abandonedWith = reason;
    }
  }
}
