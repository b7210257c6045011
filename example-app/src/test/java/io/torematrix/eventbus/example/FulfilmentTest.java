package io.torematrix.eventbus.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.example.workflow.Fulfilment;
import io.torematrix.eventbus.example.workflow.StepCompleted;
import io.torematrix.eventbus.testing.EventRecorder;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How an application tests its own event flows: a bus that runs everything on the test's thread,
 * and a recorder to assert on what was published.
 */
class FulfilmentTest {

  @Test
  void aRunPublishesEveryStepInOrderUnderOneCorrelation() {
    EventRecorder recorder = new EventRecorder();
    try (EventBus bus = EventBus.builder().directExecution().middleware(recorder).build()) {
      Fulfilment fulfilment = new Fulfilment(bus);
      bus.register(fulfilment);

      List<EventContext> trail = fulfilment.start("wf-9", "o-9").join();

      assertEquals(4, trail.size());
    }
    assertEquals(
        List.of("pick", "pack", "label", "hand-over"),
        recorder.events(StepCompleted.class).stream().map(StepCompleted::step).toList());
    var contexts = recorder.recorded().stream().map(EventRecorder.Recorded::context).toList();
    assertTrue(contexts.stream().allMatch(c -> c.correlationId().equals(contexts.get(0).eventId())));
    recorder.assertPublished(StepCompleted.class, step -> step.step().equals("hand-over"));
  }
}
