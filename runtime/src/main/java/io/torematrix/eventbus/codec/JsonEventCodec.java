package io.torematrix.eventbus.codec;

import io.torematrix.eventbus.spi.EventTypeInfo;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The default codec: JSON written and read by the adapter the processor generated for each event
 * type, with {@link Upcaster}s converting older versions first. No reflection is involved.
 *
 * <p>What it encodes, it decodes equal (see {@link JsonAdapters} for the one exception, a {@code
 * null} {@code Optional}), or it refuses to encode it; decoding is bounded by the {@link
 * JsonLimits} whoever wrote the payload, and never throws {@link StackOverflowError}. It is
 * thread-safe once built.
 */
public final class JsonEventCodec implements EventCodec {
  private final Map<String, Upcaster> upcasters = new HashMap<>();

  /**
   * A codec that converts older versions with {@code upcasters}.
   *
   * @param upcasters each converting one type from one version
   * @throws IllegalArgumentException if two of them convert the same type from the same version
   */
  public JsonEventCodec(List<Upcaster> upcasters) {
    for (Upcaster upcaster : upcasters) {
      Upcaster previous = this.upcasters.put(key(upcaster.typeName(), upcaster.fromVersion()), upcaster);
      if (previous != null) {
        throw new IllegalArgumentException(
            "two upcasters convert " + upcaster.typeName() + " from version " + upcaster.fromVersion());
      }
    }
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the event holds a value beyond the {@link JsonLimits} or
   *     a {@code null} map key; the message names the event's class and the limit
   */
  @Override
  public byte[] encode(Object event, EventTypeInfo type) {
    JsonAdapter<Object> adapter = adapter(type);
    JsonWriter out = new JsonWriter();
    try {
      adapter.write(out, event);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot write this " + type.type().getName() + " as JSON: " + e.getMessage(), e);
    }
    return out.toBytes();
  }

  /**
   * {@inheritDoc}
   *
   * @throws JsonFormatException if the payload is not JSON of the type's shape, or goes beyond the
   *     {@link JsonLimits}; the message names the character where
   */
  @Override
  public Object decode(byte[] payload, int storedVersion, EventTypeInfo type) {
    JsonAdapter<Object> adapter = adapter(type);
    if (storedVersion == type.version()) {
      JsonReader in = new JsonReader(payload);
      Object event = adapter.read(in);
      in.endDocument();
      return event;
    }
    JsonReader tree = new JsonReader(payload);
    Object json = tree.readTree();
    tree.endDocument();
    if (!(json instanceof Map)) {
      throw new JsonFormatException("a stored " + type.name() + " event is not a JSON object");
    }
    @SuppressWarnings("unchecked") // readTree returns Map<String, Object> for objects
    Map<String, Object> object = new LinkedHashMap<>((Map<String, Object>) json);
    for (int version = storedVersion; version < type.version(); version++) {
      Upcaster upcaster = upcasters.get(key(type.name(), version));
      if (upcaster == null) {
        throw new IllegalStateException(
            "no upcaster converts "
                + type.name()
                + " from version "
                + version
                + " to "
                + (version + 1)
                + ": register one with EventBus.builder().upcaster(Upcaster.of(\""
                + type.name()
                + "\", "
                + version
                + ", json -> ...))");
      }
      Map<String, Object> upcast = upcaster.upcast(object);
      if (upcast == null) {
        throw new IllegalStateException(upcaster + " returned null instead of the JSON of version " + (version + 1));
      }
      object = new LinkedHashMap<>(upcast);
    }
    return adapter.read(new JsonReader(new JsonWriter().tree(object).toBytes()));
  }

  @SuppressWarnings("unchecked") // the index pairs each type with an adapter of that type
  private static JsonAdapter<Object> adapter(EventTypeInfo type) {
    JsonAdapter<?> adapter = type.json();
    if (adapter == null) {
      throw new IllegalStateException(
          type.type().getName()
              + " cannot be stored: the processor generated no JSON adapter for it (see its"
              + " [EventBus.NotSerializable] note). Give its fields supported types, or"
              + " configure another EventCodec.");
    }
    return (JsonAdapter<Object>) adapter;
  }

  private static String key(String typeName, int version) {
    return typeName + "@" + version;
  }
}
