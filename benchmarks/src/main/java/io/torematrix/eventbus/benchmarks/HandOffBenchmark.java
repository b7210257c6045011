package io.torematrix.eventbus.benchmarks;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.EventTranslatorOneArg;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import com.lmax.disruptor.util.DaemonThreadFactory;
import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventBusBuilder;
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
 * Throughput of one producer handing events to one consumer on another thread. Each invocation
 * hands over {@value #BATCH} events as fast as the hand-off takes them, while the consumer takes
 * them concurrently, and then waits until the consumer has counted the last one: the score is the
 * time per event from the first hand-over to the last event consumed (its inverse is events per
 * second), so a hand-off that accepts quickly but delivers slowly scores what it delivers.
 *
 * <p>Every consumer does the same work, an {@code AtomicLong} increment per event, and every
 * hand-off is bounded with room for a whole batch: Torematrix's {@code NORMAL} queue at its
 * default capacity ({@value EventBusBuilder#DEFAULT_QUEUE_CAPACITY}) on its default executor,
 * through {@code post} and through {@code publish} (whose stages nobody awaits),
 * an {@code ArrayBlockingQueue} of the same capacity drained by {@code take()}, and the LMAX
 * Disruptor with the next power of two, one event handler, a single-producer ring and its
 * {@code BlockingWaitStrategy} (the consumer sleeps on a lock when idle, as the other two do; a
 * spinning consumer would take a core from the other processes of a shared machine).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class HandOffBenchmark {
  static final int BATCH = EventBusBuilder.DEFAULT_QUEUE_CAPACITY;
  static final int RING_SIZE = Integer.highestOneBit(BATCH - 1) << 1;
  static final EventTranslatorOneArg<Slot, Tick> TRANSLATOR = (slot, sequence, value) -> slot.tick = value;

  final Tick tick = new Tick(1);
  EventBus torematrix;
  Listeners.Consumer consumer;
  ArrayBlockingQueue<Tick> queue;
  Thread queueConsumer;
  final AtomicLong queueConsumed = new AtomicLong();
  Disruptor<Slot> disruptor;
  RingBuffer<Slot> ring;
  final AtomicLong disruptorConsumed = new AtomicLong();

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
        new Disruptor<>(Slot::new, RING_SIZE, DaemonThreadFactory.INSTANCE, ProducerType.SINGLE, new BlockingWaitStrategy());
    disruptor.handleEventsWith((slot, sequence, endOfBatch) -> disruptorConsumed.incrementAndGet());
    ring = disruptor.start();
  }

  @TearDown
  public void tearDown() throws InterruptedException {
    torematrix.close();
    queueConsumer.interrupt();
    queueConsumer.join(5_000);
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
      ring.publishEvent(TRANSLATOR, tick);
    }
    awaitCount(disruptorConsumed, goal);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void post() {
    long goal = consumer.count.get() + BATCH;
    for (int i = 0; i < BATCH; i++) {
      torematrix.post(tick);
    }
    awaitCount(consumer.count, goal);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void publish() {
    long goal = consumer.count.get() + BATCH;
    for (int i = 0; i < BATCH; i++) {
      torematrix.publish(tick);
    }
    awaitCount(consumer.count, goal);
  }
}
