package io.torematrix.eventbus.bridge.nats;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map that keeps the {@value #MAX} most recently used keys: what the relay and the imports
 * remember per topic to keep each topic's order. A key it forgot is treated as never seen, which
 * only gives up waiting for an order that can no longer be checked.
 */
final class Topics {
  /** The most keys kept. */
  static final int MAX = 10_000;

  private Topics() {}

  static <V> Map<String, V> recent() {
    return new LinkedHashMap<>(64, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > MAX;
      }
    };
  }
}
