package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.LaneMetrics;
import io.torematrix.eventbus.annotation.Priority;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The {@code NORMAL} and {@code DEFERRED} lanes of one bus and the threads behind them, chosen
 * from the builder: with {@code directExecution()} both run tasks on the caller's thread; with an
 * {@code executor(...)} the {@code NORMAL} lane hands tasks to it; otherwise the bus owns one
 * thread per core for {@code NORMAL} and, always unless direct, one thread for {@code DEFERRED},
 * on which batches are delivered.
 */
final class Lanes {
  final Lane normal;
  final Lane deferred;
  /** Whether both lanes run tasks on the caller's thread. */
  final boolean direct;
  /** Hands a task to the {@code NORMAL} lane: one instance, for serial queues and reads. */
  final Executor normalExecutor;

  private Lanes(Lane normal, Lane deferred, boolean direct) {
    this.normal = normal;
    this.deferred = deferred;
    this.direct = direct;
    this.normalExecutor = normal::execute;
  }

  /** The lanes the builder asks for; owned executors get their threads from {@code threads}. */
  static Lanes from(BusBuilder builder, BusThreads threads) {
    int capacity = builder.queueCapacity;
    if (builder.directExecution) {
      return new Lanes(
          Lane.callerRuns(Priority.NORMAL, capacity, builder.backpressure),
          Lane.callerRuns(Priority.DEFERRED, capacity, builder.backpressure),
          true);
    }
    Lane normal =
        builder.executor != null
            ? Lane.onExecutor(Priority.NORMAL, capacity, builder.backpressure, builder.executor)
            : Lane.onOwnThreads(
                Priority.NORMAL,
                capacity,
                builder.backpressure,
                threads.factory("normal", Thread.NORM_PRIORITY),
                BusThreads.NORMAL_THREADS,
                BusThreads.IDLE);
    Lane deferred =
        Lane.onOwnThreads(
            Priority.DEFERRED,
            capacity,
            builder.backpressure,
            threads.factory("deferred", Thread.MIN_PRIORITY),
            1,
            BusThreads.IDLE);
    return new Lanes(normal, deferred, false);
  }

  /**
   * Runs {@code work} where batches live: on the {@code DEFERRED} thread, or right here once that
   * thread has stopped; if the bus gave up on the work queued there, it is abandoned.
   */
  <W extends Runnable & Abandonable> void onDeferredThread(W work) {
    try {
      deferred.execute(work);
    } catch (RejectedExecutionException stopped) {
      work.run();
    }
  }

  /** Stops the threads the bus owns; with {@code abandon}, work not started is failed. */
  void shutdown(boolean abandon, Throwable reason) {
    normal.shutdown(abandon, reason);
    deferred.shutdown(abandon, reason);
  }

  List<LaneMetrics> metrics() {
    return List.of(normal.metrics(), deferred.metrics());
  }

  @Override
  public String toString() {
    return normal + ", " + deferred;
  }
}
