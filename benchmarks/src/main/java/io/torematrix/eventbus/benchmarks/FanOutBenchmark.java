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
 * Delivering an event to ten synchronous subscribers declared in four classes, on the publisher's
 * thread, against ten megamorphic interface calls: one call site that the array below feeds four
 * implementing classes from the first call on, so its profile never lets the JIT inline or guess
 * a receiver, as the call sites of a bus that serves many listener classes. Torematrix delivers at
 * {@code IMMEDIATE}, through {@code post} and {@code publish}; greenrobot runs with event inheritance on and off. Nanoseconds per event.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class FanOutBenchmark {
  final Tick tick = new Tick(1);
  TickHandler[] megamorphic;
  EventBus torematrix;
  com.google.common.eventbus.EventBus guava;
  org.greenrobot.eventbus.EventBus greenrobot;
  org.greenrobot.eventbus.EventBus greenrobotNoInheritance;
  MBassador<Object> mbassador;

  /** Four implementations, so that the baseline's call site is megamorphic. */
  static final class H1 implements TickHandler {
    long count;

    @Override
    public void onTick(Tick tick) {
      count += tick.value();
    }
  }

  static final class H2 implements TickHandler {
    long count;

    @Override
    public void onTick(Tick tick) {
      count -= tick.value();
    }
  }

  static final class H3 implements TickHandler {
    long count;

    @Override
    public void onTick(Tick tick) {
      count ^= tick.value();
    }
  }

  static final class H4 implements TickHandler {
    long count;

    @Override
    public void onTick(Tick tick) {
      count += tick.value() << 1;
    }
  }

  private static Object[] listeners() {
    return new Object[] {new Listeners.FanA(), new Listeners.FanB(), new Listeners.FanC(), new Listeners.FanD()};
  }

  @Setup
  public void setUp() {
    megamorphic =
        new TickHandler[] {new H1(), new H2(), new H3(), new H4(), new H1(), new H2(), new H3(), new H4(), new H1(), new H2()};
    torematrix = Buses.torematrix();
    guava = Buses.guava();
    greenrobot = Buses.greenrobot();
    greenrobotNoInheritance = Buses.greenrobotNoInheritance();
    mbassador = Buses.mbassador();
    for (Object listener : listeners()) {
      torematrix.register(listener);
      guava.register(listener);
      greenrobot.register(listener);
      greenrobotNoInheritance.register(listener);
      mbassador.subscribe(listener);
    }
  }

  @TearDown
  public void tearDown() {
    torematrix.close();
    mbassador.shutdown();
  }

  @Benchmark
  public void megamorphicCalls() {
    for (TickHandler handler : megamorphic) {
      handler.onTick(tick);
    }
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
  public void greenrobotNoInheritance() {
    greenrobotNoInheritance.post(tick);
  }

  @Benchmark
  public void mbassador() {
    mbassador.publish(tick);
  }
}
