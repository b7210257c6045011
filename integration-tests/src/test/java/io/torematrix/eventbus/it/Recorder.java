package io.torematrix.eventbus.it;

import java.util.ArrayList;
import java.util.List;

/** A thread-safe log of what handlers saw, in the order they saw it. */
final class Recorder {
  private final List<String> entries = new ArrayList<>();

  synchronized void add(String entry) {
    entries.add(entry);
  }

  synchronized List<String> entries() {
    return List.copyOf(entries);
  }
}
