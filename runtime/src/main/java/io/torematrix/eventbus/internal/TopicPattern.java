package io.torematrix.eventbus.internal;

import io.torematrix.eventbus.annotation.TopicSyntax;

/**
 * A compiled topic pattern. Compiling validates the pattern once; {@link #matches} then walks the
 * topic without allocating.
 */
final class TopicPattern {
  private static final String ONE = "*";
  private static final String REST = ">";

  private final String pattern;
  private final String[] tokens;

  private TopicPattern(String pattern, String[] tokens) {
    this.pattern = pattern;
    this.tokens = tokens;
  }

  /**
   * Compiles {@code pattern}.
   *
   * @throws IllegalArgumentException if it is not a valid pattern, naming the fault
   */
  static TopicPattern compile(String pattern) {
    TopicSyntax.requireValid(pattern, true);
    return new TopicPattern(pattern, pattern.split("\\.", -1));
  }

  /** Returns whether {@code topic}, a valid topic, matches this pattern. */
  boolean matches(String topic) {
    int position = 0;
    int length = topic.length();
    for (int i = 0; i < tokens.length; i++) {
      if (position > length) {
        return false;
      }
      String token = tokens[i];
      if (token.equals(REST)) {
        return position < length;
      }
      int end = topic.indexOf('.', position);
      if (end < 0) {
        end = length;
      }
      if (!token.equals(ONE)
          && (end - position != token.length() || !topic.startsWith(token, position))) {
        return false;
      }
      position = end + 1;
    }
    return position > length;
  }

  /**
   * Returns whether {@code topic} is within a scope of {@code patterns}: no pattern means every
   * topic, otherwise at least one must match.
   */
  static boolean anyMatches(TopicPattern[] patterns, String topic) {
    if (patterns.length == 0) {
      return true;
    }
    for (TopicPattern pattern : patterns) {
      if (pattern.matches(topic)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return pattern;
  }
}
