package io.torematrix.eventbus.store.jdbc;

import java.util.List;

/**
 * A topic pattern as a SQL condition on the {@code topic} column, so that the database matches
 * topics itself. PostgreSQL gets an anchored regular expression ({@code *} one token as {@code
 * [^.]+}, {@code >} the rest as {@code .+}); SQLite, which has no regular expressions of its own,
 * a {@code GLOB} with one {@code *} per wildcard plus the count of dots the topic must have (at
 * least that count after a trailing {@code >}). Both are exact for valid topics, whose tokens are
 * never empty, and need no function registered on the connection.
 */
final class TopicMatch {
  private TopicMatch() {}

  /** Adds the PostgreSQL condition for {@code pattern} to {@code where}, its parameter to {@code parameters}. */
  static void postgres(String pattern, StringBuilder where, List<Object> parameters) {
    where.append(" AND topic ~ ?");
    parameters.add(regex(pattern));
  }

  /** Adds the SQLite condition for {@code pattern} to {@code where}, its parameter to {@code parameters}. */
  static void sqlite(String pattern, StringBuilder where, List<Object> parameters) {
    String[] tokens = pattern.split("\\.", -1);
    boolean rest = tokens[tokens.length - 1].equals(">");
    StringBuilder glob = new StringBuilder();
    for (int i = 0; i < tokens.length; i++) {
      if (i > 0) {
        glob.append('.');
      }
      switch (tokens[i]) {
        case "*", ">" -> glob.append('*');
        default -> globLiteral(tokens[i], glob);
      }
    }
    where
        .append(" AND topic GLOB ? AND length(topic) - length(replace(topic, '.', ''))")
        .append(rest ? " >= ?" : " = ?");
    parameters.add(glob.toString());
    parameters.add(tokens.length - 1);
  }

  /** The anchored regular expression of {@code pattern}, a valid topic pattern. */
  static String regex(String pattern) {
    StringBuilder regex = new StringBuilder("^");
    String[] tokens = pattern.split("\\.", -1);
    for (int i = 0; i < tokens.length; i++) {
      if (i > 0) {
        regex.append("\\.");
      }
      switch (tokens[i]) {
        case "*" -> regex.append("[^.]+");
        case ">" -> regex.append(".+");
        default -> regexLiteral(tokens[i], regex);
      }
    }
    return regex.append('$').toString();
  }

  /** Letters and digits as they are, every other character escaped with a backslash. */
  private static void regexLiteral(String token, StringBuilder regex) {
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (!Character.isLetterOrDigit(c)) {
        regex.append('\\');
      }
      regex.append(c);
    }
  }

  /** GLOB's special characters ({@code * ? [}) in brackets, where they match themselves. */
  private static void globLiteral(String token, StringBuilder glob) {
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c == '*' || c == '?' || c == '[') {
        glob.append('[').append(c).append(']');
      } else {
        glob.append(c);
      }
    }
  }
}
