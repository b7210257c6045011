package io.torematrix.eventbus.processor.validation;

/**
 * The syntax of {@code @Event} names: dot-separated tokens of ASCII letters, digits, {@code -}
 * and {@code _}, each starting with a letter or digit, at most {@value #MAX_LENGTH} characters.
 * Every valid name is also a valid topic, so a name can serve as its type's default topic.
 */
final class EventNames {
  static final int MAX_LENGTH = 200;

  private EventNames() {}

  /** Why {@code name} is not a valid event name, or {@code null} if it is. */
  static String problem(String name) {
    if (name.length() > MAX_LENGTH) {
      return "it is longer than " + MAX_LENGTH + " characters";
    }
    boolean tokenStart = true;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '.') {
        if (tokenStart) {
          return "it has an empty token (two dots in a row, or a dot at the start)";
        }
        tokenStart = true;
        continue;
      }
      boolean letterOrDigit = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (tokenStart && !letterOrDigit) {
        return "'" + c + "' cannot start a token";
      }
      if (!letterOrDigit && c != '-' && c != '_') {
        return "'" + c + "' is not allowed";
      }
      tokenStart = false;
    }
    return tokenStart ? "it ends with a dot" : null;
  }
}
