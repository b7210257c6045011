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
 * Delivering an event to a handler of its type and one of an interface it implements, on the
 * publisher's thread. greenrobot needs event inheritance on (its default) to deliver to both.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class PolymorphicBenchmark {
  final Tick tick = new Tick(1);
  EventBus torematrix;
  com.google.common.eventbus.EventBus guava;
  org.greenrobot.eventbus.EventBus greenrobot;
  MBassador<Object> mbassador;

  @Setup
  public void setUp() {
    torematrix = Buses.torematrix();
    torematrix.register(new Listeners.Family());
    guava = Buses.guava();
    guava.register(new Listeners.Family());
    greenrobot = Buses.greenrobot();
    greenrobot.register(new Listeners.Family());
    mbassador = Buses.mbassador();
    mbassador.subscribe(new Listeners.Family());
  }

  @TearDown
  public void tearDown() {
    torematrix.close();
    mbassador.shutdown();
  }

  @Benchmark
  public void post() {
    torematrix.post(tick);
  }

  @Benchmark
  public Object publish() {
    return torematrix.publish(tick);
  }

  @Benchmark
  public void guava() {
    guava.post(tick);
  }

  @Benchmark
  public void greenrobot() {
    greenrobot.post(tick);
  }

  @Benchmark
  public void mbassador() {
    mbassador.publish(tick);
  }
}
