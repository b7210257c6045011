package io.torematrix.eventbus.example.workflow;

import io.torematrix.eventbus.annotation.Event;

/** One step of a fulfilment workflow is done; the coordinator starts the next. */
@Event(name = "workflow.step-completed", topic = "workflow.steps")
public record StepCompleted(String workflowId, String step) {}
