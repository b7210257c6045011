package io.torematrix.eventbus.it;

import static io.torematrix.eventbus.it.Buses.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.it.Events.Ping;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * A virtual-thread executor (Java 21+) works as the bus's executor. The build targets Java 17, so
 * the executor is looked up by name here, in the test; {@code .ci/run} runs this test on Java 25.
 */
class VirtualThreadExecutorTest {

  @Test
  void normalHandlersRunOnVirtualThreads() throws Exception {
    boolean available = Runtime.version().feature() >= 21;
    if (!available && Boolean.getBoolean("eventbus.requireVirtualThreads")) {
      fail("virtual threads were required but this is Java " + Runtime.version());
    }
    assumeTrue(available, "virtual threads need Java 21+; .ci/run runs this test on Java 25");
    ExecutorService virtualThreads =
        (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    List<Boolean> virtual = new CopyOnWriteArrayList<>();
    try (EventBus bus = EventBus.builder().executor(virtualThreads).build()) {
      bus.subscribe(Ping.class, p -> virtual.add(isVirtual(Thread.currentThread())));
      bus.subscribe(
          Ping.class,
          p -> virtual.add(isVirtual(Thread.currentThread())),
          SubscribeOptions.<Ping>defaults().ordered());

      for (int i = 0; i < 100; i++) {
        assertEquals(2, await(bus.publish(new Ping(i))).delivered());
      }
    } finally {
      virtualThreads.shutdown();
    }
    assertEquals(200, virtual.size());
    assertTrue(virtual.stream().allMatch(v -> v), "every NORMAL handler ran on a virtual thread");
  }

  private static boolean isVirtual(Thread thread) {
    try {
      return (Boolean) Thread.class.getMethod("isVirtual").invoke(thread);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
