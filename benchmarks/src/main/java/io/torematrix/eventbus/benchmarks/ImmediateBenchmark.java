package io.torematrix.eventbus.benchmarks;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.HandlerTiming;
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
 * Delivering an event to one synchronous subscriber, on the publisher's thread: Torematrix at
 * {@code IMMEDIATE} through {@code post} (no result; also on a bus that times no handler, to show
 * what the default sampled timing costs) and through {@code publish} (returns the {@code
 * CompletionStage} of the result, which the benchmark hands to JMH), against a direct interface
 * call and the peers' synchronous post: greenrobot with event inheritance on (its default) and off
 * (its fastest configuration), Guava, MBassador. Nanoseconds per event.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ImmediateBenchmark {
  final Tick tick = new Tick(1);
  TickHandler direct;
  EventBus torematrix;
  EventBus torematrixUntimed;
  com.google.common.eventbus.EventBus guava;
  org.greenrobot.eventbus.EventBus greenrobot;
  org.greenrobot.eventbus.EventBus greenrobotNoInheritance;
  MBassador<Object> mbassador;

  @Setup
  public void setUp() {
    direct = new Listeners.One();
    torematrix = Buses.torematrix();
    torematrix.register(new Listeners.One());
    torematrixUntimed = EventBus.builder().handlerTiming(HandlerTiming.OFF).build();
    torematrixUntimed.register(new Listeners.One());
    guava = Buses.guava();
    guava.register(new Listeners.One());
    greenrobot = Buses.greenrobot();
    greenrobot.register(new Listeners.One());
    greenrobotNoInheritance = Buses.greenrobotNoInheritance();
    greenrobotNoInheritance.register(new Listeners.One());
    mbassador = Buses.mbassador();
    mbassador.subscribe(new Listeners.One());
  }

  @TearDown
  public void tearDown() {
    torematrix.close();
    torematrixUntimed.close();
    mbassador.shutdown();
  }

  @Benchmark
  public void directCall() {
    direct.onTick(tick);
  }

  @Benchmark
  public void post() {
    torematrix.post(tick);
  }

  /** {@link #post()} on a bus that times no handler ({@code HandlerTiming.OFF}). */
  @Benchmark
  public void postUntimed() {
    torematrixUntimed.post(tick);
  }

  @Benchmark
  public Object publish() {
    return torematrix.publish(tick);
  }

  @Benchmark
  public void greenrobot() {
    greenrobot.post(tick);
  }

  @Benchmark
  public void greenrobotNoInheritance() {
    greenrobotNoInheritance.post(tick);
  }

  @Benchmark
  public void guava() {
    guava.post(tick);
  }

  @Benchmark
  public void mbassador() {
    mbassador.publish(tick);
  }
}
