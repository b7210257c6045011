package io.torematrix.eventbus.benchmarks;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import com.lmax.disruptor.util.DaemonThreadFactory;
import io.torematrix.eventbus.EventBus;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One producer hands events to one consumer thread: each invocation publishes a batch and waits
 * until the consumer has taken all of it, so the score is the time per event, hand-off included.
 * Torematrix delivers to a {@code NORMAL} handler on its own pool.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class HandOffBenchmark {
  static final int BATCH = 10_000;

  final Tick tick = new Tick(1);
  EventBus torematrix;
  Listeners.Consumer consumer;
  ArrayBlockingQueue<Tick> queue;
  Thread queueConsumer;
  final AtomicLong queueConsumed = new AtomicLong();
  Disruptor<Slot> disruptor;
  RingBuffer<Slot> ring;
  final AtomicLong disruptorConsumed = new AtomicLong();
  long target;

  /** A ring buffer slot. */
  static final class Slot {
    Tick tick;
  }

  @Setup
  public void setUp() {
    torematrix = Buses.torematrix();
    consumer = new Listeners.Consumer();
    torematrix.register(consumer);

    queue = new ArrayBlockingQueue<>(BATCH);
    queueConsumer =
        new Thread(
            () -> {
              try {
                while (true) {
                  queue.take();
                  queueConsumed.incrementAndGet();
                }
              } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
              }
            },
            "abq-consumer");
    queueConsumer.setDaemon(true);
    queueConsumer.start();

    disruptor =
        new Disruptor<>(Slot::new, 16_384, DaemonThreadFactory.INSTANCE, ProducerType.SINGLE, new BlockingWaitStrategy());
    disruptor.handleEventsWith((slot, sequence, endOfBatch) -> disruptorConsumed.incrementAndGet());
    ring = disruptor.start();
  }

  @TearDown
  public void tearDown() {
    torematrix.close();
    queueConsumer.interrupt();
    disruptor.shutdown();
  }

  private static void awaitCount(AtomicLong count, long target) {
    while (count.get() < target) {
      Thread.onSpinWait();
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void arrayBlockingQueue() throws InterruptedException {
    long goal = queueConsumed.get() + BATCH;
    for (int i = 0; i < BATCH; i++) {
      queue.put(tick);
    }
    awaitCount(queueConsumed, goal);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void disruptor() {
    long goal = disruptorConsumed.get() + BATCH;
    for (int i = 0; i < BATCH; i++) {
      ring.publishEvent((slot, sequence, value) -> slot.tick = value, tick);
    }
    awaitCount(disruptorConsumed, goal);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void torematrix() {
    long goal = consumer.count.get() + BATCH;
    for (int i = 0; i < BATCH; i++) {
      torematrix.publish(tick);
    }
    awaitCount(consumer.count, goal);
  }
}
