package io.torematrix.eventbus.annotation;

/**
 * The grammar of a durable subscription's name: 1 to {@link #MAX_LENGTH} characters from {@code
 * A-Z}, {@code a-z}, {@code 0-9}, {@code _} and {@code -}. The name is the subscription's identity
 * in the store (its checkpoint, lease and parked events are kept under it), so it must stay stable
 * across releases; the characters are the ones that are safe as a NATS consumer name and as SQL
 * text without quoting.
 *
 * <p>Like {@link TopicSyntax} for topics, this is the one place that checks names: the processor
 * applies it to {@code @Subscribe(durable = ...)} at build time and the runtime to the lambda API
 * and to names read back from a store.
 */
public final class DurableNames {
  /** The longest name, in characters. */
  public static final int MAX_LENGTH = 64;

  private DurableNames() {}

  /**
   * Says what is wrong with a durable subscription name, without throwing.
   *
   * @param name the name to check; {@code null} is invalid
   * @return why {@code name} is not a valid durable subscription name, as a clause such as {@code
   *     character 3 is ' '; only A-Z, a-z, 0-9, '_' and '-' are allowed}, or {@code null} if it is
   *     valid
   */
  public static String problem(String name) {
    if (name == null || name.isEmpty()) {
      return "a durable subscription needs a name of 1 to " + MAX_LENGTH + " characters";
    }
    if (name.length() > MAX_LENGTH) {
      return "it has " + name.length() + " characters; the most is " + MAX_LENGTH;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean allowed =
          (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
      if (!allowed) {
        return "character "
            + (i + 1)
            + " is "
            + (c < 0x20 || c > 0x7e ? String.format("U+%04X", (int) c) : "'" + c + "'")
            + "; only A-Z, a-z, 0-9, '_' and '-' are allowed";
      }
    }
    return null;
  }

  /**
   * Checks a durable subscription name.
   *
   * @param name the name to check
   * @return {@code name}, if it is valid
   * @throws IllegalArgumentException naming the name and what is wrong with it, such as {@code
   *     invalid durable subscription name "order totals": character 6 is ' '; ...}
   */
  public static String requireValid(String name) {
    String problem = problem(name);
    if (problem != null) {
      throw new IllegalArgumentException("invalid durable subscription name \"" + name + "\": " + problem);
    }
    return name;
  }
}
