package io.torematrix.eventbus.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the synchronisation a synchronous delivery cannot do without costs on this machine, next
 * to the bus benchmarks: a store then a load of another variable, plain (release) and volatile
 * (the full fence with which a delivery announces itself before it reads the bus's closed flag,
 * and moves to each further subscriber before it reads that subscriber's gate), an uncontended
 * compare-and-set (an event id) and an uncontended monitor (greenrobot takes one per post). All
 * on memory of the benchmark's own thread. Nanoseconds per operation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class FenceBenchmark {
  final AtomicLong sequence = new AtomicLong();
  final AtomicInteger counter = new AtomicInteger();
  final Object lock = new Object();
  volatile boolean closed;
  int plain;

  @Benchmark
  public boolean releaseStoreThenLoad() {
    sequence.setRelease(sequence.getPlain() + 2);
    return closed;
  }

  @Benchmark
  public boolean volatileStoreThenLoad() {
    sequence.set(sequence.getPlain() + 2);
    return closed;
  }

  @Benchmark
  public int compareAndSet() {
    return counter.incrementAndGet();
  }

  @Benchmark
  public int monitor() {
    synchronized (lock) {
      return plain++;
    }
  }
}
