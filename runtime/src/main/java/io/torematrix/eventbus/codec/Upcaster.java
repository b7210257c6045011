package io.torematrix.eventbus.codec;

import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Converts the JSON of one event type from one version to the next, so that events stored before
 * a schema change still read. The codec chains them: a version-1 event read by version-3 code goes
 * through the upcasters from 1 and from 2.
 *
 * <pre>{@code
 * // version 2 of "account.opened" split "name" into "owner" and added "currency"
 * Upcaster.of("account.opened", 1, json -> {
 *   json.put("owner", json.remove("name"));
 *   json.put("currency", "EUR");
 *   return json;
 * });
 * }</pre>
 */
public interface Upcaster {

  /**
   * The stable name of the event type it converts.
   *
   * @return the {@code @Event(name)}
   */
  String typeName();

  /**
   * The version it converts from, to {@code fromVersion() + 1}.
   *
   * @return the version, at least 1
   */
  int fromVersion();

  /**
   * Returns the JSON of the next version, built from {@code json} (a mutable map in document
   * order, holding maps, lists, strings, {@code BigDecimal}s, booleans and {@code null}s).
   *
   * @param json the JSON of version {@link #fromVersion()}, which it may change and return
   * @return the JSON of the next version, not {@code null}
   */
  Map<String, Object> upcast(Map<String, Object> json);

  /**
   * An upcaster from a function.
   *
   * @param typeName the stable name of the event type it converts
   * @param fromVersion the version it converts from, at least 1
   * @param upcast the conversion
   * @return the upcaster
   * @throws IllegalArgumentException if {@code fromVersion} is below 1
   */
  static Upcaster of(String typeName, int fromVersion, UnaryOperator<Map<String, Object>> upcast) {
    Objects.requireNonNull(typeName, "typeName");
    Objects.requireNonNull(upcast, "upcast");
    if (fromVersion < 1) {
      throw new IllegalArgumentException("versions start at 1, not " + fromVersion);
    }
    return new Upcaster() {
      @Override
      public String typeName() {
        return typeName;
      }

      @Override
      public int fromVersion() {
        return fromVersion;
      }

      @Override
      public Map<String, Object> upcast(Map<String, Object> json) {
        return upcast.apply(json);
      }

      @Override
      public String toString() {
        return "Upcaster[" + typeName + " v" + fromVersion + " -> v" + (fromVersion + 1) + "]";
      }
    };
  }
}
