package io.torematrix.eventbus.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * The CPU time the benchmark's JVM spent per operation: {@code cpu.time.norm}, in nanoseconds,
 * the process's CPU time over an iteration (every thread, the garbage collector's included)
 * divided by the iteration's operations. Add it with {@code -prof
 * io.torematrix.eventbus.benchmarks.CpuTimeProfiler}.
 *
 * <p>On a machine other processes share, the score (wall-clock time) of an iteration grows with
 * the time the benchmark's thread waited for a core; CPU time does not, so for a benchmark that
 * keeps one thread busy it is the cost of an operation where the wall clock is the cost plus the
 * machine's load. It is no measure of a benchmark whose threads wait on one another (a hand-off
 * whose producer spins until its consumer is done counts both threads' time), and it shares the
 * cache effects of the load.
 */
public final class CpuTimeProfiler implements InternalProfiler {
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private long start;

  @Override
  public String getDescription() {
    return "CPU time of the benchmark's JVM per operation (all threads)";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
    start = OS.getProcessCpuTime();
  }

  @Override
  @SuppressWarnings("rawtypes") // as InternalProfiler declares it
  public Collection<? extends Result> afterIteration(
      BenchmarkParams benchmark, IterationParams iteration, IterationResult result) {
    long spent = OS.getProcessCpuTime() - start;
    long operations = result.getMetadata().getAllOps();
    double perOperation = operations == 0 ? Double.NaN : (double) spent / operations;
    return List.of(new ScalarResult("cpu.time.norm", perOperation, "ns/op", AggregationPolicy.AVG));
  }
}
