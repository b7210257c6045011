package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.EventContext;
import io.torematrix.eventbus.HandlerFailure;

/** Where the outcomes of deliveries of one event are counted: a publication, or a quick tally. */
interface Outcomes {

  /** The context of the event being delivered. */
  EventContext context();

  void delivered();

  void filtered();

  /** A subscriber matched the event but was unsubscribed before its code could start. */
  void skipped();

  /** Records a failure; {@code countsAsFailedHandler} is false for error-callback failures. */
  void failed(HandlerFailure failure, boolean countsAsFailedHandler);
}
