package io.torematrix.eventbus.it;

import static io.torematrix.eventbus.it.Buses.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventMiddleware;
import io.torematrix.eventbus.EventRejectedException;
import io.torematrix.eventbus.PublishResult;
import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.annotation.Priority;
import io.torematrix.eventbus.it.Events.Ping;
import io.torematrix.eventbus.middleware.CircuitBreakerMiddleware;
import io.torematrix.eventbus.middleware.LoggingMiddleware;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The middleware chain, and the logging and circuit-breaker middleware. */
class MiddlewareTest {

  /** Records what it sees before and after the rest of the chain. */
  static EventMiddleware tracing(String name, Recorder recorder) {
    return chain -> {
      recorder.add(name + " before " + chain.context().typeName());
      return chain
          .proceed()
          .whenComplete(
              (result, error) -> recorder.add(name + " after delivered=" + result.delivered()));
    };
  }

  @Test
  void middlewareRunInTheOrderGivenAroundTheHandlers() {
    Recorder recorder = new Recorder();
    try (EventBus bus =
        EventBus.builder()
            .middleware(tracing("outer", recorder), tracing("inner", recorder))
            .build()) {
      bus.subscribe(
          Ping.class,
          p -> recorder.add("handler"),
          SubscribeOptions.<Ping>defaults().priority(Priority.IMMEDIATE));

      await(bus.publish(new Ping(1)));
    }
    assertEquals(
        List.of(
            "outer before ping",
            "inner before ping",
            "handler",
            "inner after delivered=1",
            "outer after delivered=1"),
        recorder.entries());
  }

  @Test
  void aRejectingMiddlewareFailsTheStageAndNoHandlerRuns() {
    List<Integer> handled = new CopyOnWriteArrayList<>();
    EventMiddleware oddOnly =
        chain -> {
          if (((Ping) chain.event()).number % 2 == 0) {
            throw new EventRejectedException("even pings are not allowed");
          }
          return chain.proceed();
        };
    try (EventBus bus = EventBus.builder().middleware(oddOnly).build()) {
      bus.subscribe(Ping.class, p -> handled.add(p.number));

      PublishResult odd = await(bus.publish(new Ping(1)));
      CompletableFuture<PublishResult> even = bus.publish(new Ping(2)).toCompletableFuture();

      ExecutionException e =
          assertThrows(ExecutionException.class, () -> even.get(5, TimeUnit.SECONDS));
      assertInstanceOf(EventRejectedException.class, e.getCause());
      assertEquals("even pings are not allowed", e.getCause().getMessage());
      assertEquals(1, odd.delivered());
    }
    assertEquals(List.of(1), handled);
  }

  @Test
  void callingProceedTwiceIsAnError() {
    EventMiddleware twice =
        chain -> {
          chain.proceed();
          return chain.proceed();
        };
    try (EventBus bus = EventBus.builder().middleware(twice).build()) {
      ExecutionException e =
          assertThrows(
              ExecutionException.class,
              () -> bus.publish(new Ping(1)).toCompletableFuture().get(5, TimeUnit.SECONDS));
      assertInstanceOf(IllegalStateException.class, e.getCause());
      assertTrue(
          e.getCause().getMessage().contains("called proceed() more than once"),
          e.getCause().getMessage());
    }
  }

  @Test
  void aMiddlewareCanShortCircuitWithItsOwnResult() {
    List<Integer> handled = new CopyOnWriteArrayList<>();
    EventMiddleware cache =
        chain ->
            CompletableFuture.completedFuture(
                PublishResult.of(chain.context(), 0, 0, 0, 0, 0, List.of()));
    try (EventBus bus = EventBus.builder().middleware(cache).build()) {
      bus.subscribe(Ping.class, p -> handled.add(p.number));
      PublishResult result = await(bus.publish(new Ping(1)));
      assertTrue(result.isDead());
    }
    assertEquals(List.of(), handled);
  }

  /** A System.Logger that keeps its messages. */
  static final class ListLogger implements System.Logger {
    final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public String getName() {
      return "test";
    }

    @Override
    public boolean isLoggable(Level level) {
      return true;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
      lines.add(level + " " + message);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      lines.add(level + " " + format);
    }

    @Override
    public void log(Level level, Supplier<String> message) {
      lines.add(level + " " + message.get());
    }
  }

  @Test
  void loggingMiddlewareLogsEachEventAndWarnsAboutFailures() {
    ListLogger logger = new ListLogger();
    try (EventBus bus =
        EventBus.builder()
            .errorHandler(failure -> {})
            .middleware(new LoggingMiddleware(logger, System.Logger.Level.INFO))
            .build()) {
      bus.subscribe(
          Ping.class,
          p -> {
            if (p.number == 2) {
              throw new IllegalStateException("two is bad");
            }
          });
      await(bus.publish(new Ping(1)));
      await(bus.publish(new Ping(2)));
    }
    assertTrue(logger.lines.get(0).startsWith("INFO publishing ping event "), logger.lines.get(0));
    assertTrue(
        logger.lines.get(1).matches("INFO handled ping event .* on ping in \\d+ µs: delivered=1 filtered=0 failed=0 deferred=0"),
        logger.lines.get(1));
    assertTrue(
        logger.lines.get(3).startsWith("WARNING handled ping event ")
            && logger.lines.get(3).contains("with failures")
            && logger.lines.get(3).endsWith("java.lang.IllegalStateException: two is bad"),
        logger.lines.get(3));
  }

  /** A clock tests move by hand. */
  static final class ManualClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void circuitBreakerOpensAfterConsecutiveFailuresAndHalfOpensAfterTheDelay() {
    ManualClock clock = new ManualClock();
    CircuitBreakerMiddleware breaker =
        CircuitBreakerMiddleware.builder()
            .failureThreshold(3)
            .window(Duration.ofSeconds(10))
            .openDuration(Duration.ofSeconds(30))
            .clock(clock)
            .build();
    boolean[] healthy = {false};
    List<Integer> handled = new CopyOnWriteArrayList<>();
    try (EventBus bus =
        EventBus.builder().errorHandler(failure -> {}).middleware(breaker).build()) {
      bus.subscribe(
          Ping.class,
          p -> {
            handled.add(p.number);
            if (!healthy[0]) {
              throw new IllegalStateException("dependency down");
            }
          },
          SubscribeOptions.<Ping>defaults().priority(Priority.IMMEDIATE));

      for (int i = 1; i <= 3; i++) {
        assertEquals(1, await(bus.publish(new Ping(i))).failed());
      }
      assertSame(CircuitBreakerMiddleware.State.OPEN, breaker.state("ping"));
      ExecutionException rejected =
          assertThrows(
              ExecutionException.class,
              () -> bus.publish(new Ping(4)).toCompletableFuture().get(5, TimeUnit.SECONDS));
      assertInstanceOf(EventRejectedException.class, rejected.getCause());
      assertEquals(
          "circuit breaker open for ping after 3 consecutive failed publications; it lets a trial"
              + " event through at 2026-01-01T00:00:30Z. The event was not published.",
          rejected.getCause().getMessage());

      clock.now = clock.now.plusSeconds(31);
      assertSame(CircuitBreakerMiddleware.State.HALF_OPEN, breaker.state("ping"));
      healthy[0] = true;
      assertEquals(1, await(bus.publish(new Ping(5))).delivered());
      assertSame(CircuitBreakerMiddleware.State.CLOSED, breaker.state("ping"));
    }
    assertEquals(List.of(1, 2, 3, 5), handled, "the rejected event reached no handler");
  }

  @Test
  void circuitBreakerDurationsTooLongForAnInstantMeanForEver() {
    ManualClock clock = new ManualClock();
    CircuitBreakerMiddleware breaker =
        CircuitBreakerMiddleware.builder()
            .failureThreshold(2)
            .window(ChronoUnit.FOREVER.getDuration())
            .openDuration(ChronoUnit.FOREVER.getDuration())
            .clock(clock)
            .build();
    try (EventBus bus =
        EventBus.builder().errorHandler(failure -> {}).middleware(breaker).build()) {
      bus.subscribe(
          Ping.class,
          p -> {
            throw new IllegalStateException("always");
          },
          SubscribeOptions.<Ping>defaults().priority(Priority.IMMEDIATE));

      assertEquals(1, await(bus.publish(new Ping(1))).failed());
      clock.now = clock.now.plus(Duration.ofDays(365 * 1000));
      assertEquals(1, await(bus.publish(new Ping(2))).failed(), "delivered, so its stage completes");
      assertSame(CircuitBreakerMiddleware.State.OPEN, breaker.state("ping"));

      clock.now = clock.now.plus(Duration.ofDays(365 * 1000));
      assertSame(CircuitBreakerMiddleware.State.OPEN, breaker.state("ping"));
      ExecutionException rejected =
          assertThrows(
              ExecutionException.class,
              () -> bus.publish(new Ping(3)).toCompletableFuture().get(5, TimeUnit.SECONDS));
      assertInstanceOf(EventRejectedException.class, rejected.getCause());
      assertEquals(
          "circuit breaker open for ping after 2 consecutive failed publications; it stays open:"
              + " its open duration is too long to end. The event was not published.",
          rejected.getCause().getMessage());
    }
  }

  @Test
  void failuresFurtherApartThanTheWindowDoNotOpenTheCircuit() {
    ManualClock clock = new ManualClock();
    CircuitBreakerMiddleware breaker =
        CircuitBreakerMiddleware.builder()
            .failureThreshold(2)
            .window(Duration.ofSeconds(1))
            .clock(clock)
            .build();
    try (EventBus bus =
        EventBus.builder().errorHandler(failure -> {}).middleware(breaker).build()) {
      bus.subscribe(
          Ping.class,
          p -> {
            throw new IllegalStateException("always");
          },
          SubscribeOptions.<Ping>defaults().priority(Priority.IMMEDIATE));
      await(bus.publish(new Ping(1)));
      clock.now = clock.now.plusSeconds(5);
      await(bus.publish(new Ping(2)));
      assertSame(CircuitBreakerMiddleware.State.CLOSED, breaker.state("ping"));
    }
  }
}
