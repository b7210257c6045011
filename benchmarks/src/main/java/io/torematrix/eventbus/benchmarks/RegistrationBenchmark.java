package io.torematrix.eventbus.benchmarks;

import io.torematrix.eventbus.EventBus;
import java.util.concurrent.TimeUnit;
import net.engio.mbassy.bus.MBassador;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Registering a listener with three handlers and unregistering it again; greenrobot with and
 * without the index its annotation processor generates (the index replaces its reflective scan).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class RegistrationBenchmark {
  final Listeners.FanA listener = new Listeners.FanA();
  EventBus torematrix;
  com.google.common.eventbus.EventBus guava;
  org.greenrobot.eventbus.EventBus greenrobot;
  org.greenrobot.eventbus.EventBus greenrobotIndexed;
  MBassador<Object> mbassador;

  @Setup
  public void setUp() {
    torematrix = Buses.torematrix();
    guava = Buses.guava();
    greenrobot = Buses.greenrobot();
    greenrobotIndexed = Buses.greenrobotIndexed();
    mbassador = Buses.mbassador();
  }

  @TearDown
  public void tearDown() {
    torematrix.close();
    mbassador.shutdown();
  }

  @Benchmark
  public void torematrix() {
    torematrix.register(listener).close();
  }

  @Benchmark
  public void guava() {
    guava.register(listener);
    guava.unregister(listener);
  }

  @Benchmark
  public void greenrobot() {
    greenrobot.register(listener);
    greenrobot.unregister(listener);
  }

  @Benchmark
  public void greenrobotIndexed() {
    greenrobotIndexed.register(listener);
    greenrobotIndexed.unregister(listener);
  }

  @Benchmark
  public void mbassador() {
    mbassador.subscribe(listener);
    mbassador.unsubscribe(listener);
  }
}
