package io.torematrix.eventbus.example.tour;

import io.torematrix.eventbus.PublishResult;

/** One line for a publish result. */
final class Summary {
  private Summary() {}

  static String summary(PublishResult result) {
    return "delivered="
        + result.delivered()
        + " filtered="
        + result.filtered()
        + " failed="
        + result.failed()
        + " deferred="
        + result.deferred();
  }
}
