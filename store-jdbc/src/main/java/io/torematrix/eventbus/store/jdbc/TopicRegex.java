package io.torematrix.eventbus.store.jdbc;

/**
 * Translates a topic pattern into an anchored regular expression, so that databases can match
 * topics themselves: a literal token matches itself, {@code *} one token ({@code [^.]+}) and
 * {@code >} the rest ({@code .+}).
 */
final class TopicRegex {
  private TopicRegex() {}

  /** The regular expression of {@code pattern}, a valid topic pattern. */
  static String of(String pattern) {
    StringBuilder regex = new StringBuilder("^");
    String[] tokens = pattern.split("\\.", -1);
    for (int i = 0; i < tokens.length; i++) {
      if (i > 0) {
        regex.append("\\.");
      }
      switch (tokens[i]) {
        case "*" -> regex.append("[^.]+");
        case ">" -> regex.append(".+");
        default -> literal(tokens[i], regex);
      }
    }
    return regex.append('$').toString();
  }

  /**
   * Appends {@code token} matching itself, in a form both Java and PostgreSQL read alike: letters
   * and digits as they are, every other character escaped with a backslash.
   */
  private static void literal(String token, StringBuilder regex) {
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (!Character.isLetterOrDigit(c)) {
        regex.append('\\');
      }
      regex.append(c);
    }
  }
}
