package io.torematrix.eventbus.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.processor.validation.Diagnostic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The catalogue of diagnostics against its tests and its documentation: every entry is printed by
 * some test, every golden section belongs to a test that exists, and every id is in the README.
 */
class DiagnosticCatalogueTest {
  private static final Map<String, String> SECTIONS =
      ExpectedDiagnostics.sections(ExpectedDiagnostics.read());

  @Test
  void everyEntryIsPrintedBySomeTest() {
    List<String> messages = new ArrayList<>();
    for (String body : SECTIONS.values()) {
      for (String message : body.split("\n(?=(error|warning|note): )")) {
        messages.add(unindented(message.substring(message.indexOf(": ") + 2)));
      }
    }
    List<Diagnostic> untested =
        Arrays.stream(Diagnostic.values())
            .filter(d -> messages.stream().noneMatch(m -> shape(d).matcher(m).matches()))
            .toList();
    assertEquals(List.of(), untested, "catalogue entries no test prints");
  }

  @Test
  void everyGoldenSectionBelongsToATest() throws Exception {
    for (String test : SECTIONS.keySet()) {
      String[] parts = test.split("\\.");
      Class<?> type = Class.forName(getClass().getPackageName() + "." + parts[0]);
      assertTrue(
          Arrays.stream(type.getDeclaredMethods()).anyMatch(m -> m.getName().equals(parts[1])),
          test + " in " + ExpectedDiagnostics.GOLDEN + " names no test");
    }
  }

  @Test
  void everyIdIsDocumentedInTheReadme() throws Exception {
    String readme = Files.readString(Path.of("../README.md"));
    List<String> missing =
        Arrays.stream(Diagnostic.values())
            .map(Diagnostic::id)
            .distinct()
            .filter(id -> !readme.contains("`" + id + "`"))
            .toList();
    assertEquals(List.of(), missing, "ids missing from the README's table of build-time checks");
  }

  /** {@code text} without the indentation of its detail lines, which javac deepens. */
  private static String unindented(String text) {
    return text.replaceAll("\n\\s+", "\n");
  }

  /** A pattern matching any message {@code diagnostic} formats, whatever its arguments. */
  private static Pattern shape(Diagnostic diagnostic) {
    String marker = "\u0000";
    Object[] arguments = new Object[8];
    Arrays.fill(arguments, marker);
    String text = unindented(diagnostic.format(arguments));
    return Pattern.compile(
        Arrays.stream(text.split(marker, -1)).map(Pattern::quote).collect(Collectors.joining(".*")),
        Pattern.DOTALL);
  }
}
