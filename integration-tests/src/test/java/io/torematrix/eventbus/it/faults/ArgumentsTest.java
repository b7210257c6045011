package io.torematrix.eventbus.it.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventBusBuilder;
import io.torematrix.eventbus.EventMiddleware;
import io.torematrix.eventbus.EventQuery;
import io.torematrix.eventbus.EventStores;
import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.codec.Upcaster;
import io.torematrix.eventbus.it.faults.FaultEvents.Work;
import io.torematrix.eventbus.spi.EventBusIndex;
import io.torematrix.eventbus.spi.HandlerSpec;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Issue 11, kind 9: arguments of the variable-arity methods. Duplicates are harmless; a {@code
 * null} is reported naming the argument and its index.
 */
class ArgumentsTest {

  @Test
  void aTypeNameGivenTwiceCountsOnce() {
    assertEquals(Set.of("a"), EventQuery.all().types("a", "a").types());
    assertEquals(Set.of("a", "b"), EventQuery.all().types("b", "a", "b").types());
  }

  @Test
  void aTopicPatternGivenTwiceCountsOnce() {
    assertEquals(List.of("a.*", "b"), SubscribeOptions.defaults().topics("a.*", "b", "a.*").topics());
  }

  @Test
  void aNullElementIsReportedWithItsArgumentAndIndex() {
    assertNull("names[1] is null", () -> EventQuery.all().types("a", null));
    assertNull("names is null", () -> EventQuery.all().types((String[]) null));
    assertNull("patterns[0] is null", () -> SubscribeOptions.defaults().topics(null, "a"));
    assertNull("middleware[1] is null", () -> EventBus.builder().middleware(chain -> chain.proceed(), null));
    assertNull("indexes[0] is null", () -> EventBus.builder().index((EventBusIndex) null));
    assertNull("upcasters[2] is null", () -> EventBus.builder().upcaster(upcaster(), upcaster(), null));
    assertNull(
        "patterns[1] of Audit.onWork(Work) is null",
        () -> HandlerSpec.of(Work.class, "Audit.onWork(Work)").topics("a", null));
  }

  @Test
  void aMiddlewareOrUpcasterGivenTwiceIsAddedOnce() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    EventMiddleware counting =
        chain -> {
          calls.incrementAndGet();
          return chain.proceed();
        };
    Upcaster upcaster = upcaster();
    EventBusBuilder builder =
        EventBus.builder()
            .store(EventStores.inMemory())
            .middleware(counting, counting)
            .middleware(counting)
            .upcaster(upcaster, upcaster);
    try (EventBus bus = builder.build()) {
      bus.subscribe(Work.class, work -> {});
      bus.publish(new Work(0, 1)).toCompletableFuture().join();
    }
    assertEquals(1, calls.get());
  }

  private static Upcaster upcaster() {
    return Upcaster.of("fault.work", 1, json -> json);
  }

  private static void assertNull(String message, Executable call) {
    NullPointerException e = assertThrows(NullPointerException.class, call);
    assertEquals(message, e.getMessage());
  }
}
