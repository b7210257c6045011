package io.torematrix.eventbus.bridge.nats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A map that keeps the {@value #MAX} most recently used keys: what the relay and the imports
 * remember per topic to keep each topic's order. A key it forgot is treated as never seen, which
 * gives up waiting for an order that can no longer be checked; {@link Recent#forgotSome} says
 * whether that happened, so that a key never seen is not mistaken for one forgotten.
 */
final class Topics {
  /** The most keys kept. */
  static final int MAX = 10_000;

  private Topics() {}

  static <V> Recent<V> recent() {
    return new Recent<>();
  }

  /**
   * The map {@link #recent()} makes: access-ordered, at most {@value #MAX} keys.
   *
   * @param <V> what is kept per key
   */
  static final class Recent<V> extends LinkedHashMap<String, V> {
    private static final long serialVersionUID = 1L;
    private boolean forgotSome;

    private Recent() {
      super(64, 0.75f, true);
    }

    /** Whether a key was ever dropped to keep {@value #MAX}. */
    boolean forgotSome() {
      return forgotSome;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
      if (size() > MAX) {
        forgotSome = true;
        return true;
      }
      return false;
    }
  }

  /**
   * The patterns {@code <prefix>.>} of each proper prefix of {@code topic}, shortest first: {@code
   * a.>} and {@code a.b.>} for {@code a.b.c}; none for a topic of one token. A topic holds no
   * wildcard, so these never equal a topic and can share a map with topics.
   */
  static List<String> prefixPatterns(String topic) {
    List<String> patterns = new ArrayList<>();
    for (int dot = topic.indexOf('.'); dot >= 0; dot = topic.indexOf('.', dot + 1)) {
      patterns.add(topic.substring(0, dot) + ".>");
    }
    return patterns;
  }

  /**
   * How many tokens the prefix of {@code pattern} has if it reads {@code <prefix>.>} with no
   * wildcard in the prefix ({@code orders.eu.>} has 2), otherwise 0.
   */
  static int prefixDepth(String pattern) {
    if (!pattern.endsWith(".>")) {
      return 0;
    }
    String prefix = pattern.substring(0, pattern.length() - 2);
    for (String token : prefix.split("\\.", -1)) {
      if (token.equals("*") || token.equals(">")) {
        return 0;
      }
    }
    return prefix.split("\\.", -1).length;
  }
}
