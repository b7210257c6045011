package io.torematrix.eventbus.store.jdbc;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps passwords out of every message a store writes: the password of the URL ({@code
 * password=}, {@code PASSWORD=}, {@code user:pw@host}) and of the connection properties is
 * replaced by {@code ***} wherever it appears, in the store's own text and in the driver's, and a
 * driver exception whose text holds it is replaced, as a cause, by a copy with masked text.
 * Immutable.
 */
final class Secrets {
  private static final String MASK = "***";
  private static final Pattern PASSWORD_PARAMETER =
      Pattern.compile("(?i)\\b(password|passwd|pwd|sslpassword)=([^&;\\s\"']*)");
  private static final Pattern USER_INFO = Pattern.compile("(//[^/@:\\s]*):([^/@\\s]*)@");
  private static final Secrets NONE = new Secrets(List.of());

  private final List<String> values;

  private Secrets(List<String> values) {
    this.values = values;
  }

  static Secrets none() {
    return NONE;
  }

  /** The secrets of a JDBC URL and its connection properties. */
  static Secrets of(String url, Properties properties) {
    List<String> values = new ArrayList<>();
    Matcher parameter = PASSWORD_PARAMETER.matcher(url);
    while (parameter.find()) {
      add(values, parameter.group(2));
    }
    Matcher userInfo = USER_INFO.matcher(url);
    while (userInfo.find()) {
      add(values, userInfo.group(2));
    }
    for (String name : properties.stringPropertyNames()) {
      if (PASSWORD_PARAMETER.matcher(name + "=x").matches()) {
        add(values, properties.getProperty(name));
      }
    }
    return new Secrets(List.copyOf(values));
  }

  private static void add(List<String> values, String value) {
    if (value != null && !value.isEmpty()) {
      values.add(value);
      String decoded = URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
      if (!decoded.equals(value)) {
        values.add(decoded);
      }
    }
  }

  /**
   * The first line of {@code failure}'s message (a server's detail and context follow on further
   * lines, kept in the exception itself), with every secret masked: for a one-line message.
   */
  String text(Throwable failure) {
    String message = failure.getMessage();
    if (message == null) {
      return failure.getClass().getName();
    }
    int end = message.indexOf('\n');
    return mask(end < 0 ? message : message.substring(0, end).stripTrailing());
  }

  /** {@code text} with every secret masked; {@code null} stays {@code null}. */
  String mask(String text) {
    if (text == null) {
      return null;
    }
    String masked = text;
    for (String value : values) {
      masked = masked.replace(value, MASK);
    }
    masked = PASSWORD_PARAMETER.matcher(masked).replaceAll("$1=" + MASK);
    return USER_INFO.matcher(masked).replaceAll("$1:" + MASK + "@");
  }

  /**
   * {@code failure} if no message in its chain holds a secret; otherwise a copy of the chain with
   * masked messages, the same stack traces, and the class name of each original in its text.
   */
  Throwable scrub(Throwable failure) {
    return leaks(failure, 0) ? copy(failure, 0) : failure;
  }

  private boolean leaks(Throwable failure, int depth) {
    if (failure == null || depth > 16) {
      return false;
    }
    String message = failure.getMessage();
    if (message != null && !message.equals(mask(message))) {
      return true;
    }
    for (Throwable suppressed : failure.getSuppressed()) {
      if (leaks(suppressed, depth + 1)) {
        return true;
      }
    }
    return leaks(failure.getCause(), depth + 1);
  }

  private Throwable copy(Throwable failure, int depth) {
    Throwable cause = failure.getCause() == null || depth > 16 ? null : copy(failure.getCause(), depth + 1);
    Masked copy = new Masked(failure.getClass().getName() + ": " + mask(failure.getMessage()), cause);
    copy.setStackTrace(failure.getStackTrace());
    for (Throwable suppressed : failure.getSuppressed()) {
      copy.addSuppressed(copy(suppressed, depth + 1));
    }
    return copy;
  }

  /** A driver exception whose text held a secret, with that text masked. */
  static final class Masked extends Exception {
    private static final long serialVersionUID = 1L;

    Masked(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
