package io.torematrix.eventbus.it.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The clock that stamps events outlives an {@link OutOfMemoryError}: once memory is free again,
 * events are stamped with the current time, not the time the heap filled up.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClockSurvivesOutOfMemoryTest {

  @Test
  void eventsPublishedAfterTheHeapWasFullAreStampedWithTheCurrentTime() throws Exception {
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx24m",
                "-cp",
                System.getProperty("java.class.path"),
                ClockUnderMemoryPressure.class.getName())
            .redirectErrorStream(true)
            .start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        lines.add(line);
      }
      assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child exited");
    } finally {
      child.destroyForcibly();
    }
    assertEquals(0, child.exitValue(), String.join("\n", lines));
    assertTrue(lines.contains("fresh"), String.join("\n", lines));
  }
}
