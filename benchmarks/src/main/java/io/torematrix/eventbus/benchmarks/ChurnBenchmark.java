package io.torematrix.eventbus.benchmarks;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.annotation.Priority;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Publishing while another thread subscribes and unsubscribes a handler of the published type
 * ({@code churnPost} through {@code post}, {@code churn} through {@code publish}), against
 * publishing with nobody changing subscriptions ({@code quietPost}, {@code quiet}); all deliver
 * to the same ten {@code IMMEDIATE} handlers. {@code churnElsewhere} churns a handler of an
 * unrelated type, which changes no route a tick takes: it separates the cost of reading fresh
 * routes from the cost of a second busy, allocating thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Group)
public class ChurnBenchmark {
  final Tick tick = new Tick(1);
  final SubscribeOptions<Tick> immediate = SubscribeOptions.<Tick>defaults().priority(Priority.IMMEDIATE);
  final SubscribeOptions<Tock> immediateTock =
      SubscribeOptions.<Tock>defaults().priority(Priority.IMMEDIATE);
  EventBus bus;

  @Setup
  public void setUp() {
    bus = Buses.torematrix();
    bus.register(new Listeners.FanA());
    bus.register(new Listeners.FanB());
    bus.register(new Listeners.FanC());
    bus.register(new Listeners.FanD());
  }

  @TearDown
  public void tearDown() {
    bus.close();
  }

  @Benchmark
  @Group("quietPost")
  @GroupThreads(1)
  public void quietPost() {
    bus.post(tick);
  }

  @Benchmark
  @Group("churnPost")
  @GroupThreads(1)
  public void churnPost() {
    bus.post(tick);
  }

  @Benchmark
  @Group("churnPost")
  @GroupThreads(1)
  public void churnPostSubscriptions() {
    bus.subscribe(Tick.class, t -> {}, immediate).close();
  }

  @Benchmark
  @Group("quiet")
  @GroupThreads(1)
  public Object quietPublish() {
    return bus.publish(tick);
  }

  @Benchmark
  @Group("churn")
  @GroupThreads(1)
  public Object churnPublish() {
    return bus.publish(tick);
  }

  @Benchmark
  @Group("churn")
  @GroupThreads(1)
  public void churnSubscriptions() {
    bus.subscribe(Tick.class, t -> {}, immediate).close();
  }

  @Benchmark
  @Group("churnElsewhere")
  @GroupThreads(1)
  public Object churnElsewherePublish() {
    return bus.publish(tick);
  }

  @Benchmark
  @Group("churnElsewhere")
  @GroupThreads(1)
  public void churnElsewhereSubscriptions() {
    bus.subscribe(Tock.class, t -> {}, immediateTock).close();
  }
}
