package io.torematrix.eventbus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.IndexedTypes;
import io.torematrix.eventbus.annotation.Priority;
import io.torematrix.eventbus.annotation.Subscribe;
import io.torematrix.eventbus.it.Events.Ping;
import io.torematrix.eventbus.it.wiring.TransferMiddleware;
import io.torematrix.eventbus.middleware.LoggingMiddleware;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the generated indexes say about classes, asked without a bus. */
class IndexedTypesTest {
  private final IndexedTypes indexed = IndexedTypes.load(getClass().getClassLoader());

  static class PingListener {
    @Subscribe(priority = Priority.IMMEDIATE)
    void ping(Ping ping) {}
  }

  /** Declares no handler: inherits them, as a proxy subclass made at run time would. */
  static class PingListenerSubclass extends PingListener {}

  @Test
  void aClassWithAGeneratedDispatcherIsAListener() {
    assertTrue(indexed.isListener(PingListener.class));
  }

  @Test
  void aSubclassOfAListenerIsAListenerThroughItsSuperclass() {
    assertTrue(indexed.isListener(PingListenerSubclass.class));
  }

  @Test
  void aClassWithoutHandlersIsNoListener() {
    assertFalse(indexed.isListener(Object.class));
    assertFalse(indexed.isListener(String.class));
    assertFalse(indexed.isListener(Runnable.class));
  }

  @Test
  void theAnswerAgreesWithWhatRegisterAccepts() {
    try (EventBus bus = EventBus.builder().classLoader(getClass().getClassLoader()).build()) {
      bus.register(new PingListenerSubclass()).close();
      assertThrows(IllegalArgumentException.class, () -> bus.register(new Object()));
    }
  }

  @Test
  void discoveredMiddlewareClassesAreMiddlewareExactly() {
    assertTrue(indexed.isMiddleware(TransferMiddleware.Tracing.class));
    assertFalse(indexed.isMiddleware(LoggingMiddleware.class), "not annotated @Middleware");
    assertFalse(indexed.isMiddleware(PingListener.class));
  }

  @Test
  void givenIndexesAloneAreConsulted() {
    IndexedTypes none = IndexedTypes.of(List.of());

    assertFalse(none.isListener(PingListener.class));
    assertFalse(none.isMiddleware(TransferMiddleware.Tracing.class));
    assertEquals("IndexedTypes[0 listener types, 0 middleware types]", none.toString());
  }
}
