package io.torematrix.eventbus.spring.boot;

import static io.torematrix.eventbus.spring.boot.Contexts.await;
import static io.torematrix.eventbus.spring.boot.Contexts.runner;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.annotation.Subscribe;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * NORMAL handlers run on virtual threads when Spring Boot's spring.threads.virtual.enabled is on
 * and Java is 21+. The build targets Java 17, so the test asks a thread whether it is virtual by
 * name; {@code .ci/run} runs this class on Java 25 with {@code -Deventbus.requireVirtualThreads}.
 */
class VirtualThreadsTest {
  private static final boolean JAVA_21 = Runtime.version().feature() >= 21;

  static class ThreadLog {
    final List<Thread> threads = new CopyOnWriteArrayList<>();

    @Subscribe
    void greeted(Greeting greeting) {
      threads.add(Thread.currentThread());
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Listener {
    @Bean
    ThreadLog threadLog() {
      return new ThreadLog();
    }
  }

  @Test
  void normalHandlersRunOnVirtualThreadsWhenSpringBootsPropertyIsOn() {
    if (!JAVA_21 && Boolean.getBoolean("eventbus.requireVirtualThreads")) {
      fail("virtual threads were required but this is Java " + Runtime.version());
    }
    assumeTrue(JAVA_21, "virtual threads need Java 21+; .ci/run runs this test on Java 25");
    runner()
        .withUserConfiguration(Listener.class)
        .withPropertyValues("spring.threads.virtual.enabled=true")
        .run(
            context -> {
              EventBus bus = context.getBean(EventBus.class);
              for (int i = 0; i < 10; i++) {
                await(bus.publish(new Greeting("g" + i)));
              }

              List<Thread> threads = context.getBean(ThreadLog.class).threads;
              assertEquals(10, threads.size());
              for (Thread thread : threads) {
                assertTrue(isVirtual(thread), thread + " is virtual");
                assertTrue(
                    thread.getName().startsWith(EventBusAutoConfiguration.VIRTUAL_THREAD_PREFIX),
                    thread.getName());
              }
            });
  }

  @Test
  void onJava17ThePropertyLeavesHandlersOnTheBussOwnThreads() {
    assumeTrue(!JAVA_21, "on Java 21+ the property turns virtual threads on");
    runner()
        .withUserConfiguration(Listener.class)
        .withPropertyValues("spring.threads.virtual.enabled=true")
        .run(
            context -> {
              await(context.getBean(EventBus.class).publish(new Greeting("g")));

              Thread thread = context.getBean(ThreadLog.class).threads.get(0);
              assertFalse(
                  thread.getName().startsWith(EventBusAutoConfiguration.VIRTUAL_THREAD_PREFIX),
                  thread.getName());
            });
  }

  @Test
  void directExecutionRunsHandlersOnThePublishingThreadEvenWithVirtualThreadsOn() {
    runner()
        .withUserConfiguration(Listener.class)
        .withPropertyValues(
            "spring.threads.virtual.enabled=true", "torematrix.eventbus.direct-execution=true")
        .run(
            context -> {
              context.getBean(EventBus.class).publish(new Greeting("g"));

              assertSame(Thread.currentThread(), context.getBean(ThreadLog.class).threads.get(0));
            });
  }

  private static boolean isVirtual(Thread thread) {
    try {
      return (Boolean) Thread.class.getMethod("isVirtual").invoke(thread);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
