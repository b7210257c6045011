package io.torematrix.eventbus.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.BackpressurePolicy;
import io.torematrix.eventbus.annotation.Priority;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LaneTest {

  @Test
  void aDrainerInterruptedByAnAbandoningShutdownRunsNoQueuedWork() throws Exception {
    // the race between the interrupted drainer and the abandoning thread is short: try it often
    for (int round = 0; round < 200; round++) {
      ExecutorService pool = Executors.newFixedThreadPool(1);
      Lane lane = Lane.onOwnPool(Priority.NORMAL, 10, BackpressurePolicy.failImmediately(), pool, 1);
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

      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
      assertFalse(queued.ran, "round " + round + ": queued work ran after the lane abandoned it");
      assertSame(reason, queued.abandonedWith, "round " + round);
    }
  }

  @Test
  void workQueuedAfterAnAbandoningShutdownIsAbandonedWithItsReason() {
    ExecutorService pool = Executors.newFixedThreadPool(1);
    Lane lane = Lane.onOwnPool(Priority.NORMAL, 10, BackpressurePolicy.failImmediately(), pool, 1);
    IllegalStateException reason = new IllegalStateException("closed");
    lane.shutdown(true, reason);

    Work late = new Work();
    lane.execute(late);

    assertFalse(late.ran);
    assertSame(reason, late.abandonedWith);
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
