package io.torematrix.eventbus.example.workflow;

import io.torematrix.eventbus.annotation.Event;

/** Starts the fulfilment workflow of an order. */
@Event(name = "workflow.fulfilment-started")
public record FulfilmentStarted(String workflowId, String orderId) {}
