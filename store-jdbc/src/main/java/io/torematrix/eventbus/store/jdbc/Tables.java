package io.torematrix.eventbus.store.jdbc;

import java.util.regex.Pattern;

/**
 * The names of a store's tables and indexes: a prefix ({@code eventbus_} unless configured) before
 * each, and on PostgreSQL optionally a schema, so that two applications can share one database.
 * Names are validated when configured: lower-case letters, digits and {@code _}. The schema is
 * quoted in SQL, so that a reserved word ({@code order}, {@code user}) names a schema too; quoting
 * a lower-case name changes nothing else. A table name never needs it: a prefix followed by a
 * suffix such as {@code events} is no keyword.
 */
final class Tables {
  static final String DEFAULT_PREFIX = "eventbus_";

  /** The longest prefix: PostgreSQL names hold 63 bytes, the longest suffix is 21 characters. */
  static final int MAX_PREFIX_LENGTH = 40;

  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

  private final String schema;
  private final String prefix;

  Tables(String schema, String prefix) {
    this.schema = schema;
    this.prefix = prefix;
  }

  static Tables defaults() {
    return new Tables(null, DEFAULT_PREFIX);
  }

  /**
   * Checks a table prefix or schema name.
   *
   * @throws IllegalArgumentException naming the rule it breaks
   */
  static String requireIdentifier(String what, String name, int maxLength) {
    if (name == null || !IDENTIFIER.matcher(name).matches() || name.length() > maxLength) {
      throw new IllegalArgumentException(
          "invalid "
              + what
              + " \""
              + name
              + "\": use 1 to "
              + maxLength
              + " lower-case letters, digits and '_', not starting with a digit");
    }
    return name;
  }

  /** The schema, or {@code null} for the connection's default. */
  String schema() {
    return schema;
  }

  /** The schema as an SQL identifier, quoted; only when there is one. */
  String quotedSchema() {
    return '"' + schema + '"';
  }

  String prefix() {
    return prefix;
  }

  /** The events table, qualified with the schema if there is one. */
  String events() {
    return qualified("events");
  }

  /** The durable subscriptions' checkpoints and leases, qualified. */
  String subscriptions() {
    return qualified("subscriptions");
  }

  /** The events durable subscriptions parked, qualified. */
  String parked() {
    return qualified("parked");
  }

  /** The table that records the schema version, qualified. */
  String schemaVersion() {
    return qualified("schema");
  }

  /** A table, index or constraint name with the prefix and without the schema. */
  String local(String suffix) {
    return prefix + suffix;
  }

  /** A table name with the prefix and, if there is one, the schema. */
  String qualified(String suffix) {
    return schema == null ? prefix + suffix : quotedSchema() + "." + prefix + suffix;
  }

  /** A table name as messages show it: the prefix and, if there is one, the schema, unquoted. */
  String display(String suffix) {
    return schema == null ? prefix + suffix : schema + "." + prefix + suffix;
  }

  @Override
  public String toString() {
    return display("*");
  }
}
