package io.torematrix.eventbus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each doc comment of the runtime's sources documents the declaration that follows it: none is
 * left dangling, directly followed by another doc comment, so that the method it was written for
 * lost it and the one below it is documented by the second comment alone.
 */
class RuntimeJavadocPlacementTest {

  @Test
  void noDocCommentOfTheRuntimeIsFollowedDirectlyByAnotherOne() throws IOException {
    Path sources = Path.of("..", "runtime", "src", "main", "java");
    assertTrue(Files.isDirectory(sources), sources.toAbsolutePath().toString());
    List<String> dangling = new ArrayList<>();
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i).trim();
          if (line.startsWith("/**") && line.endsWith("*/")) {
            int next = i + 1;
            while (next < lines.size() && lines.get(next).isBlank()) {
              next++;
            }
            if (next < lines.size() && lines.get(next).trim().startsWith("/**")) {
              dangling.add(sources.relativize(file) + ":" + (i + 1) + ": " + line);
            }
          }
        }
      }
    }
    assertEquals(List.of(), dangling, "doc comments followed directly by another doc comment");
  }
}
