package io.torematrix.eventbus.it.faults;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.SubscribeOptions;
import io.torematrix.eventbus.annotation.Priority;
import io.torematrix.eventbus.it.faults.FaultEvents.Work;
import java.time.Duration;

/**
 * A program that publishes {@value #EVENTS} events to a slow {@code DEFERRED} handler and returns
 * from {@code main} without closing its bus, for {@link ShutdownTest}: it prints {@code handled
 * <n>} for each event handled and {@code failed <n> <message>} for each reported failure.
 *
 * <p>Arguments: whether the bus has its shutdown hook, and its close timeout in milliseconds.
 */
public final class ExitingPublisher {
  static final int EVENTS = 20;

  private ExitingPublisher() {}

  public static void main(String[] args) {
    boolean hook = Boolean.parseBoolean(args[0]);
    Duration closeTimeout = Duration.ofMillis(Long.parseLong(args[1]));
    EventBus bus =
        EventBus.builder()
            .shutdownHook(hook)
            .closeTimeout(closeTimeout)
            .errorHandler(
                failure ->
                    System.out.println(
                        "failed "
                            + ((Work) failure.event()).number()
                            + " "
                            + failure.error().getMessage()))
            .build();
    bus.subscribe(
        Work.class,
        work -> {
          try {
            Thread.sleep(25);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          System.out.println("handled " + work.number());
        },
        SubscribeOptions.defaults().priority(Priority.DEFERRED));
    for (int i = 0; i < EVENTS; i++) {
      bus.publish(new Work(0, i));
    }
    System.out.println("published " + EVENTS);
  }
}
