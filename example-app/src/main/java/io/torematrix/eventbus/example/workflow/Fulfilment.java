package io.torematrix.eventbus.example.workflow;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.annotation.Subscribe;
import io.torematrix.eventbus.example.Console;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A workflow driven by events: every step publishes {@link StepCompleted}, and the coordinator
 * reacts by running the next step. Each event is caused by the one before, so the whole run shares
 * one correlation id.
 */
public final class Fulfilment {
  static final List<String> STEPS = List.of("pick", "pack", "label", "hand-over");

  private final EventBus bus;
  private final Map<String, CompletableFuture<List<EventContext>>> runs = new ConcurrentHashMap<>();
  private final Map<String, List<EventContext>> trails = new ConcurrentHashMap<>();

  public Fulfilment(EventBus bus) {
    this.bus = bus;
  }

  /** Starts a run; the stage completes with the context of every step, in order. */
  public CompletableFuture<List<EventContext>> start(String workflowId, String orderId) {
    CompletableFuture<List<EventContext>> done = new CompletableFuture<>();
    runs.put(workflowId, done);
    trails.put(workflowId, new java.util.concurrent.CopyOnWriteArrayList<>());
    bus.publish(new FulfilmentStarted(workflowId, orderId));
    return done;
  }

  @Subscribe
  void begin(FulfilmentStarted started) {
    runStep(started.workflowId(), STEPS.get(0));
  }

  @Subscribe(ordered = true)
  void next(StepCompleted completed, EventContext context) {
    trails.get(completed.workflowId()).add(context);
    int index = STEPS.indexOf(completed.step());
    if (index + 1 < STEPS.size()) {
      runStep(completed.workflowId(), STEPS.get(index + 1));
    } else {
      runs.remove(completed.workflowId()).complete(List.copyOf(trails.remove(completed.workflowId())));
    }
  }

  private void runStep(String workflowId, String step) {
    Console.handler("Fulfilment", workflowId + ": " + step);
    bus.publish(new StepCompleted(workflowId, step));
  }
}
