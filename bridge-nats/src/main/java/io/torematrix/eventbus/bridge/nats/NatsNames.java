package io.torematrix.eventbus.bridge.nats;

import io.torematrix.eventbus.annotation.TopicSyntax;

/**
 * The checks of the names and subjects the bridge gives NATS: stream and consumer names (no
 * {@code .}, {@code *}, {@code >} or white space), subjects and subject patterns (our topic grammar,
 * which is NATS's), and whether one subject pattern covers another.
 */
final class NatsNames {
  private NatsNames() {}

  /** Returns {@code name} if it is a stream name: 1 to 64 of {@code A-Z a-z 0-9 _ -}. */
  static String requireStreamName(String name) {
    String problem = problem(name, 64, true);
    if (problem != null) {
      throw new IllegalArgumentException("invalid NATS stream name \"" + name + "\": " + problem);
    }
    return name;
  }

  /**
   * Returns {@code name} if it is 1 to {@code max} of {@code A-Z a-z 0-9 -}: a node id or import
   * name, which the bridge joins with {@code _} into consumer names.
   */
  static String requireNamePart(String name, String what, int max) {
    String problem = problem(name, max, false);
    if (problem != null) {
      throw new IllegalArgumentException("invalid " + what + " \"" + name + "\": " + problem);
    }
    return name;
  }

  private static String problem(String name, int max, boolean underscore) {
    if (name == null || name.isEmpty()) {
      return "it is empty";
    }
    if (name.length() > max) {
      return "it has " + name.length() + " characters; the most is " + max;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean allowed =
          (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
              || (underscore && c == '_');
      if (!allowed) {
        return "character " + (i + 1) + " is "
            + (c < 0x20 || c > 0x7e ? String.format("U+%04X", (int) c) : "'" + c + "'")
            + "; only A-Z, a-z, 0-9" + (underscore ? ", '_'" : "") + " and '-' are allowed";
      }
    }
    return null;
  }

  /** Returns {@code subject} if it is a valid subject pattern (wildcards allowed). */
  static String requireSubjectPattern(String subject, String what) {
    String problem = TopicSyntax.problem(subject, true);
    if (problem != null) {
      throw new IllegalArgumentException("invalid " + what + " \"" + subject + "\": " + problem);
    }
    return subject;
  }

  /**
   * Whether every subject {@code inner} matches is matched by {@code outer}, both valid patterns:
   * token by token, {@code >} in {@code outer} takes the rest, {@code *} any one token but {@code
   * >}.
   */
  static boolean covers(String outer, String inner) {
    String[] o = outer.split("\\.", -1);
    String[] i = inner.split("\\.", -1);
    for (int k = 0; k < o.length; k++) {
      if (o[k].equals(">")) {
        return k < i.length;
      }
      if (k >= i.length) {
        return false;
      }
      if (o[k].equals("*")) {
        if (i[k].equals(">")) {
          return false;
        }
      } else if (!o[k].equals(i[k])) {
        return false;
      }
    }
    return o.length == i.length;
  }
}
