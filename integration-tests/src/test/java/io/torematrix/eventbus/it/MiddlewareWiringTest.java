package io.torematrix.eventbus.it;

import static io.torematrix.eventbus.it.Buses.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventMiddleware;
import io.torematrix.eventbus.EventRejectedException;
import io.torematrix.eventbus.it.Events.Ping;
import io.torematrix.eventbus.it.wiring.Transfer;
import io.torematrix.eventbus.it.wiring.TransferMiddleware;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** @Middleware classes found through the generated index, wired per event type and topic. */
class MiddlewareWiringTest {
  private final List<String> handled = new CopyOnWriteArrayList<>();

  @BeforeEach
  void clear() {
    TransferMiddleware.SEEN.clear();
  }

  private EventBus busWith(EventBus bus) {
    bus.subscribe(Transfer.class, t -> handled.add(t.from() + "->" + t.to()));
    return bus;
  }

  @Test
  void discoveredMiddlewareRunByOrderAfterTheBuilders() {
    EventMiddleware builder =
        chain -> {
          TransferMiddleware.SEEN.add("builder " + chain.context().typeName());
          return chain.proceed();
        };
    try (EventBus bus = busWith(EventBus.builder().middleware(builder).build())) {
      await(bus.publish(new Transfer("a", "b", 100)));
    }
    assertEquals(List.of("builder transfer", "tracing", "validation"), TransferMiddleware.SEEN);
    assertEquals(List.of("a->b"), handled);
  }

  @Test
  void aMiddlewareScopedToAnEventTypeLeavesOtherTypesAlone() {
    try (EventBus bus = busWith(EventBus.create())) {
      bus.subscribe(Ping.class, p -> {});
      await(bus.publish(new Ping(1)));
    }
    assertEquals(List.of(), TransferMiddleware.SEEN);
  }

  @Test
  void aMiddlewareScopedToTopicsRunsOnMatchingTopicsOnly() {
    try (EventBus bus = busWith(EventBus.create())) {
      await(bus.publish(new Transfer("a", "b", 1)));
      await(bus.publish(new Transfer("a", "b", 2), "transfers.audited.eu"));
    }
    assertEquals(
        List.of("tracing", "validation", "tracing", "validation", "audit transfers.audited.eu"),
        TransferMiddleware.SEEN);
  }

  @Test
  void aDiscoveredMiddlewareCanRejectAnEventBeforeAnyHandler() {
    try (EventBus bus = busWith(EventBus.create())) {
      CompletableFuture<?> refused = bus.publish(new Transfer("a", "b", 0)).toCompletableFuture();
      ExecutionException e = assertThrows(ExecutionException.class, () -> refused.get(5, TimeUnit.SECONDS));
      assertInstanceOf(EventRejectedException.class, e.getCause());
      assertEquals("a transfer must move a positive amount, not 0", e.getCause().getMessage());
    }
    assertEquals(List.of(), handled);
  }

  @Test
  void discoveredMiddlewareCanBeSwitchedOff() {
    try (EventBus bus = busWith(EventBus.builder().discoverMiddleware(false).build())) {
      await(bus.publish(new Transfer("a", "b", 0)));
    }
    assertEquals(List.of(), TransferMiddleware.SEEN);
    assertEquals(List.of("a->b"), handled, "nothing validated it");
  }

  @Test
  void aGivenInstanceReplacesTheOneTheIndexWouldMakeAndKeepsItsScope() {
    try (EventBus bus =
        busWith(
            EventBus.builder()
                .useMiddlewareInstance(new TransferMiddleware.Audit("injected audit"))
                .build())) {
      await(bus.publish(new Transfer("a", "b", 5), "transfers.audited.us"));
      await(bus.publish(new Transfer("a", "b", 6)));
    }
    assertEquals(
        List.of("tracing", "validation", "injected audit transfers.audited.us", "tracing", "validation"),
        TransferMiddleware.SEEN);
  }

  @Test
  void anInstanceForAnUndiscoveredClassIsRefused() {
    EventMiddleware stray = chain -> chain.proceed();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> EventBus.builder().useMiddlewareInstance(stray).build());
    assertEquals(
        "middleware instances were given for ["
            + stray.getClass().getName()
            + "], but no such @Middleware class was discovered: annotate the class with @Middleware"
            + " and compile it with eventbus-processor, or pass the instance to middleware(...)"
            + " instead",
        e.getMessage());
  }
}
