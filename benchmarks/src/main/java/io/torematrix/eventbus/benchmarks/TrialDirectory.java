package io.torematrix.eventbus.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The temporary directory a benchmark trial keeps its SQLite file in ({@code
 * /tmp/eventbus-bench*}): made in {@code @Setup}, deleted with everything in it (the file, its
 * {@code -wal} and {@code -shm}) in {@code @TearDown}, after the store is closed.
 */
final class TrialDirectory {
  private TrialDirectory() {}

  static Path create() throws IOException {
    return Files.createTempDirectory("eventbus-bench");
  }

  /**
   * Deletes {@code directory} and what is in it; nothing if it is {@code null} (the trial failed
   * before making it).
   *
   * @throws IOException if an entry cannot be deleted
   */
  static void delete(Path directory) throws IOException {
    if (directory == null || !Files.exists(directory)) {
      return;
    }
    List<Path> deepestFirst;
    try (Stream<Path> entries = Files.walk(directory)) {
      deepestFirst = entries.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path entry : deepestFirst) {
      Files.delete(entry);
    }
  }
}
