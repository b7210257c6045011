package io.torematrix.eventbus.bridge.nats;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The JetStream stream the bridge publishes to and imports from: its name, the subjects it
 * captures, where it stores messages and its duplicate window. Immutable; each method returns a new
 * instance.
 *
 * <p>At {@link NatsBridge#start()} the bridge creates the stream with these settings, or checks an
 * existing one: a stream whose subjects, storage or duplicate window differ is refused with a
 * {@link NatsBridgeException} naming the field, never changed. The duplicate window is required
 * because it bounds the broker's deduplication by message id (the event id): a relay that resends
 * an event after a failure within the window is stored once; importers also deduplicate by event
 * id in their stores, for good.
 *
 * <pre>{@code
 * NatsStream.named("SHOP")
 *     .subjects("shop.>")
 *     .storage(NatsStorage.FILE)
 *     .duplicateWindow(Duration.ofMinutes(2))
 * }</pre>
 */
public final class NatsStream {
  private final String name;
  private final List<String> subjects;
  private final NatsStorage storage;
  private final Duration duplicateWindow;

  private NatsStream(String name, List<String> subjects, NatsStorage storage, Duration duplicateWindow) {
    this.name = name;
    this.subjects = subjects;
    this.storage = storage;
    this.duplicateWindow = duplicateWindow;
  }

  /**
   * A stream called {@code name}, on file storage, whose subjects default to the bridge's subject
   * prefix followed by {@code .>}; its duplicate window must still be set.
   *
   * @param name the stream's name: 1 to 64 characters from {@code A-Z a-z 0-9 _ -}
   * @return the stream's settings
   * @throws IllegalArgumentException if the name is not such a name
   */
  public static NatsStream named(String name) {
    return new NatsStream(NatsNames.requireStreamName(name), List.of(), NatsStorage.FILE, null);
  }

  /**
   * Sets the subjects the stream captures (patterns with {@code *} and {@code >}); each subject
   * the bridge publishes to or imports from must fall under one of them.
   *
   * @param subjects one or more subject patterns
   * @return settings with these subjects
   * @throws IllegalArgumentException if there are none or one is not a valid subject pattern
   */
  public NatsStream subjects(String... subjects) {
    Objects.requireNonNull(subjects, "subjects");
    if (subjects.length == 0) {
      throw new IllegalArgumentException("a stream captures at least one subject");
    }
    for (String subject : subjects) {
      NatsNames.requireSubjectPattern(subject, "stream subject");
    }
    return new NatsStream(name, List.of(subjects), storage, duplicateWindow);
  }

  /**
   * Sets where the stream keeps its messages.
   *
   * @param storage file (the default) or memory
   * @return settings with this storage
   */
  public NatsStream storage(NatsStorage storage) {
    return new NatsStream(name, subjects, Objects.requireNonNull(storage, "storage"), duplicateWindow);
  }

  /**
   * Sets the window within which JetStream stores a message id once: a relay's resends within it
   * are dropped by the broker.
   *
   * @param window at least 100 ms and at most 7 days
   * @return settings with this window
   * @throws IllegalArgumentException if the window is out of that range
   */
  public NatsStream duplicateWindow(Duration window) {
    Objects.requireNonNull(window, "window");
    if (window.compareTo(Duration.ofMillis(100)) < 0 || window.compareTo(Duration.ofDays(7)) > 0) {
      throw new IllegalArgumentException(
          "a stream's duplicate window is from 100 ms to 7 days, not " + window);
    }
    return new NatsStream(name, subjects, storage, window);
  }

  /**
   * The stream's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The subjects set with {@link #subjects}; empty when they default to {@code <prefix>.>}.
   *
   * @return the subject patterns, possibly empty
   */
  public List<String> subjects() {
    return subjects;
  }

  /**
   * Where the stream keeps its messages.
   *
   * @return the storage
   */
  public NatsStorage storage() {
    return storage;
  }

  /**
   * The duplicate window, or {@code null} while unset (a bridge refuses to start without one).
   *
   * @return the window, or {@code null}
   */
  public Duration duplicateWindow() {
    return duplicateWindow;
  }

  @Override
  public String toString() {
    return "NatsStream[" + name + ", subjects " + subjects + ", " + storage + ", duplicate window "
        + duplicateWindow + "]";
  }
}
