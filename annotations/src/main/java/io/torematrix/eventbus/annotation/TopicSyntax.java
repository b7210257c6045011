package io.torematrix.eventbus.annotation;

/**
 * The grammar of topics, the same as NATS subjects so that a bridge maps them one to one: tokens
 * separated by {@code .}, each non-empty and made of printable ASCII characters other than {@code
 * .}, {@code *} and {@code >}, at most {@value #MAX_LENGTH} characters in all. In a subscription
 * pattern, {@code *} as a whole token matches any one token and {@code >} as the last token matches
 * one or more.
 *
 * <p>The processor applies it to {@link Subscribe#topics()} and {@link Event#topic()} at build
 * time, and the runtime to topics and patterns given at run time, so both agree by construction.
 */
public final class TopicSyntax {
  /** The longest topic or pattern accepted. */
  public static final int MAX_LENGTH = 255;

  private TopicSyntax() {}

  /**
   * Says what is wrong with a topic or a subscription pattern, without throwing. Walks the text
   * once without allocating unless it finds a fault; safe from any thread.
   *
   * @param text the topic or pattern; {@code null} is invalid
   * @param pattern whether {@code text} is a subscription pattern, where the wildcards {@code *}
   *     and {@code >} are allowed
   * @return why {@code text} is invalid, as a clause such as {@code it has an empty token (two dots
   *     in a row, or a dot at either end)}, or {@code null} if it is valid
   */
  public static String problem(String text, boolean pattern) {
    if (text == null) {
      return "it is null";
    }
    if (text.isEmpty()) {
      return "it is empty";
    }
    if (text.length() > MAX_LENGTH) {
      return "it is longer than " + MAX_LENGTH + " characters";
    }
    int tokenStart = 0;
    for (int i = 0; i <= text.length(); i++) {
      if (i < text.length() && text.charAt(i) != '.') {
        continue;
      }
      String tokenProblem = tokenProblem(text, tokenStart, i, pattern);
      if (tokenProblem != null) {
        return tokenProblem;
      }
      tokenStart = i + 1;
    }
    return null;
  }

  /**
   * Checks a topic, or a pattern if {@code pattern} is set: the run-time check of topics and
   * patterns given to the bus.
   *
   * @param text the topic or pattern
   * @param pattern whether {@code text} is a subscription pattern, where the wildcards are allowed
   * @return {@code text}, if it is valid
   * @throws IllegalArgumentException naming the text and the fault, such as {@code invalid topic
   *     pattern "orders.>.x": '>' matches the rest of a topic, so it must be the last token}
   */
  public static String requireValid(String text, boolean pattern) {
    String problem = problem(text, pattern);
    if (problem != null) {
      throw new IllegalArgumentException(
          (pattern ? "invalid topic pattern \"" : "invalid topic \"") + text + "\": " + problem);
    }
    return text;
  }

  private static String tokenProblem(String text, int start, int end, boolean pattern) {
    if (start == end) {
      return "it has an empty token (two dots in a row, or a dot at either end)";
    }
    char first = text.charAt(start);
    if (end - start == 1 && (first == '*' || first == '>')) {
      if (!pattern) {
        return "'" + first + "' is a wildcard, allowed in subscription patterns only";
      }
      if (first == '>' && end != text.length()) {
        return "'>' matches the rest of a topic, so it must be the last token";
      }
      return null;
    }
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c == '*' || c == '>') {
        return "'" + c + "' must be a whole token, as in \"orders.*\" or \"orders.>\"";
      }
      if (c <= ' ' || c > '~') {
        return "character '"
            + (Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c))
            + "' is not allowed: use printable ASCII without spaces";
      }
    }
    return null;
  }
}
