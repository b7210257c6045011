package io.torematrix.eventbus.spi;

import io.torematrix.eventbus.codec.JsonAdapter;
import java.util.List;
import java.util.Objects;

/**
 * Build-time facts about one {@code @Event} type: its stable name and version, the topic its
 * events are published on by default, and every {@code @Event} type it extends or implements,
 * directly or not. The bus uses the supertypes to deliver an event to the handlers of each event
 * family it belongs to, without inspecting classes at run time.
 */
public final class EventTypeInfo {
  private final Class<?> type;
  private final String name;
  private final int version;
  private final String defaultTopic;
  private final List<Class<?>> supertypes;
  private final JsonAdapter<?> json;

  private EventTypeInfo(
      Class<?> type,
      String name,
      int version,
      String defaultTopic,
      List<Class<?>> supertypes,
      JsonAdapter<?> json) {
    this.type = type;
    this.name = name;
    this.version = version;
    this.defaultTopic = defaultTopic;
    this.supertypes = supertypes;
    this.json = json;
  }

  /**
   * Describes an event type.
   *
   * @param type the event class or interface
   * @param name its stable name, from {@code @Event(name)}
   * @param version its schema version, at least 1
   * @param defaultTopic the topic used when a publisher names none
   * @param supertypes every {@code @Event} supertype, nearest first
   * @return the description
   */
  public static EventTypeInfo of(
      Class<?> type, String name, int version, String defaultTopic, Class<?>... supertypes) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(defaultTopic, "defaultTopic");
    Objects.requireNonNull(supertypes, "supertypes");
    for (int i = 0; i < supertypes.length; i++) {
      if (supertypes[i] == null) {
        throw new NullPointerException("supertypes[" + i + "] of " + type.getName() + " is null");
      }
    }
    if (version < 1) {
      throw new IllegalArgumentException(
          "version of " + type.getName() + " must be at least 1 but was " + version);
    }
    return new EventTypeInfo(type, name, version, defaultTopic, List.of(supertypes), null);
  }

  /**
   * This description with the JSON adapter the processor generated for the type.
   *
   * @param adapter the generated adapter
   * @return a copy of this description with {@code adapter}
   */
  public EventTypeInfo json(JsonAdapter<?> adapter) {
    return new EventTypeInfo(
        type, name, version, defaultTopic, supertypes, Objects.requireNonNull(adapter, "adapter"));
  }

  /**
   * {@return the generated JSON adapter, or {@code null} for interfaces and types it cannot encode}
   */
  public JsonAdapter<?> json() {
    return json;
  }

  /** {@return the event class or interface} */
  public Class<?> type() {
    return type;
  }

  /** {@return the stable name under which events of this type are stored and exchanged} */
  public String name() {
    return name;
  }

  /** {@return the schema version} */
  public int version() {
    return version;
  }

  /** {@return the topic an event of this type is published on when the publisher names none} */
  public String defaultTopic() {
    return defaultTopic;
  }

  /** {@return every {@code @Event} supertype, nearest first; empty when there is none} */
  public List<Class<?>> supertypes() {
    return supertypes;
  }

  @Override
  public String toString() {
    return "EventTypeInfo[" + type.getName() + " as " + name + " v" + version + "]";
  }
}
