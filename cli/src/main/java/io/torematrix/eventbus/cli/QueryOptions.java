package io.torematrix.eventbus.cli;

import io.torematrix.eventbus.Cursor;
import io.torematrix.eventbus.EventQuery;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import picocli.CommandLine.Option;

/** Filters shared by the commands that read many events; each is evaluated by the store. */
final class QueryOptions {
  @Option(names = {"-t", "--type"}, paramLabel = "NAME", description = "only this event type (repeatable)")
  List<String> types = new ArrayList<>();

  @Option(names = "--topic", paramLabel = "PATTERN", description = "only topics matching, as orders.*.created or orders.>")
  String topic;

  @Option(names = "--stream", paramLabel = "ID", description = "only this stream")
  String stream;

  @Option(names = "--from", paramLabel = "INSTANT", description = "published at or after, ISO-8601 (2026-11-27T10:00:00Z)")
  String from;

  @Option(names = "--until", paramLabel = "INSTANT", description = "published before, ISO-8601")
  String until;

  @Option(
      names = "--after",
      paramLabel = "CURSOR",
      description = "only events after this cursor: 42 (SQLite) or 981:42 (PostgreSQL: transaction:position), as the CURSOR column shows")
  String after;

  @Option(names = "--correlation", paramLabel = "UUID", description = "only this correlation")
  String correlation;

  /** The query these options describe. */
  EventQuery query() {
    EventQuery query = EventQuery.all().after(after());
    if (!types.isEmpty()) {
      query = query.types(new LinkedHashSet<>(types).toArray(String[]::new)); // --type x --type x
    }
    if (topic != null) {
      try {
        query = query.topic(topic);
      } catch (IllegalArgumentException e) {
        throw new InspectorException(e.getMessage());
      }
    }
    if (stream != null) {
      query = query.streamId(stream);
    }
    if (from != null) {
      query = query.from(instant("--from", from));
    }
    if (until != null) {
      query = query.until(instant("--until", until));
    }
    if (correlation != null) {
      query = query.correlation(uuid(correlation));
    }
    return query;
  }

  /** Whether {@code --after} was given. */
  boolean hasAfter() {
    return after != null;
  }

  /** The cursor of {@code --after}, or {@link Cursor#START}. */
  Cursor after() {
    if (after == null) {
      return Cursor.START;
    }
    try {
      return Cursor.parse(after);
    } catch (IllegalArgumentException e) {
      throw new InspectorException("--after: " + e.getMessage());
    }
  }

  static UUID uuid(String text) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw new InspectorException("\"" + text + "\" is not an event or correlation id (a UUID)");
    }
  }

  private static Instant instant(String option, String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new InspectorException(option + " \"" + text + "\" is not an ISO-8601 instant such as 2026-11-27T10:00:00Z");
    }
  }
}
