package io.torematrix.eventbus.processor.model;

import io.torematrix.eventbus.annotation.Retry;
import javax.lang.model.element.AnnotationMirror;

/**
 * The {@code @Retry} of a {@code @Subscribe} method, with its defaults filled in.
 *
 * @param annotation the {@code @Retry} mirror, written or default
 */
public record RetryModel(
    AnnotationMirror annotation,
    int maxAttempts,
    long backoffMillis,
    double multiplier,
    long maxBackoffMillis) {

  /** {@return whether the waits differ from {@code @Retry}'s defaults} */
  public boolean customBackoff() {
    return backoffMillis != Retry.DEFAULT_BACKOFF_MILLIS
        || Double.compare(multiplier, Retry.DEFAULT_MULTIPLIER) != 0
        || maxBackoffMillis != Retry.DEFAULT_MAX_BACKOFF_MILLIS;
  }

  /** {@return whether anything differs from {@code @Retry}'s defaults} */
  public boolean custom() {
    return maxAttempts != Retry.DEFAULT_MAX_ATTEMPTS || customBackoff();
  }
}
