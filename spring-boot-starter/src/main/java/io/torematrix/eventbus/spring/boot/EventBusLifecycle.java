package io.torematrix.eventbus.spring.boot;

import io.torematrix.eventbus.EventBus;
import java.util.Objects;
import org.springframework.context.SmartLifecycle;

/**
 * Closes the application's bus when the context stops, in phase {@link #PHASE}: after the web
 * server and message listeners have stopped taking work (they stop in higher phases), before the
 * beans that handlers use are destroyed. {@link #stop()} calls {@link EventBus#close()}, which
 * stops intake, delivers every event already accepted, waiting up to the bus's close timeout, and
 * reports handlers that could not run in time as failed. The auto-configured bus's close timeout
 * is at most {@code spring.lifecycle.timeout-per-shutdown-phase}, so the drain fits in the phase.
 *
 * <p>A closed bus cannot start again: {@link #start()} after {@link #stop()} throws. Starting
 * does nothing else, since the bus runs from the moment it is built. Thread-safe.
 */
public final class EventBusLifecycle implements SmartLifecycle {

  /**
   * The phase this lifecycle stops in: 4096 below {@link SmartLifecycle#DEFAULT_PHASE}, so below
   * Spring Boot's web server ({@code DEFAULT_PHASE - 1024} for graceful shutdown, {@code - 2048}
   * for stopping) and the default phase of message listener containers.
   */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

  private final EventBus bus;
  private final Object lock = new Object();
  private boolean running;
  private boolean stopped;

  /**
   * A lifecycle that closes {@code bus} when it stops.
   *
   * @param bus the bus to close
   * @throws NullPointerException if {@code bus} is null
   */
  public EventBusLifecycle(EventBus bus) {
    this.bus = Objects.requireNonNull(bus, "bus");
  }

  /**
   * Marks the bus running.
   *
   * @throws IllegalStateException if the lifecycle was stopped, which closed the bus
   */
  @Override
  public void start() {
    synchronized (lock) {
      if (stopped) {
        throw new IllegalStateException(
            "the event bus was closed when the application context stopped and cannot start"
                + " again; refresh a new context instead");
      }
      running = true;
    }
  }

  /**
   * Closes the bus, waiting for its events to be delivered (bounded by its close timeout). Returns
   * once it is closed.
   */
  @Override
  public void stop() {
    synchronized (lock) {
      running = false;
      stopped = true;
    }
    bus.close();
  }

  @Override
  public boolean isRunning() {
    synchronized (lock) {
      return running;
    }
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
