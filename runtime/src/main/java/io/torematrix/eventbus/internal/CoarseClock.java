package io.torematrix.eventbus.internal;

import java.time.Instant;

/**
 * The wall clock as publishing reads it: refreshed about every millisecond by one daemon thread
 * shared by every bus of the process, so that stamping an event costs a volatile read instead of
 * a system call (about 30 ns on common hardware, more than the rest of a publish). Timestamps
 * therefore have millisecond granularity and may trail real time by about a millisecond, more if
 * the machine is too busy to run the refresher on time.
 */
final class CoarseClock {
  private static volatile Instant now = Instant.now();

  static {
    Thread refresher =
        new Thread(
            () -> {
              while (true) {
                now = Instant.now();
                try {
                  Thread.sleep(1);
                } catch (InterruptedException e) {
                  now = Instant.now();
                }
              }
            },
            "torematrix-eventbus-clock");
    refresher.setDaemon(true);
    refresher.start();
  }

  private CoarseClock() {}

  /** The current time, to about a millisecond. */
  static Instant now() {
    return now;
  }
}
