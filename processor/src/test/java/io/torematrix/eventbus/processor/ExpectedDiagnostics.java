package io.torematrix.eventbus.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.CompilationSubject;
import com.google.testing.compile.CompilationSubject.DiagnosticInFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Assertions on the processor's diagnostics. A test names a diagnostic by its id and headline and
 * anchors it on a line; the full texts of every {@code [EventBus.…]} message a test's compilation
 * printed live in one golden file, {@value #GOLDEN}, one section per test, so that rewording a
 * message changes that file and the catalogue, not the tests. Run with {@code
 * -Dgoldens.update=true} to rewrite the sections that differ, then review the diff.
 *
 * <p>Register on a test class with {@code @ExtendWith(ExpectedDiagnostics.class)}: it learns which
 * test is running.
 */
final class ExpectedDiagnostics implements BeforeEachCallback {
  static final String GOLDEN = "goldens/diagnostics.txt";
  private static final Path SOURCE = Path.of("src/test/resources", GOLDEN);
  private static String currentTest;

  @Override
  public void beforeEach(ExtensionContext context) {
    currentTest =
        context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName();
  }

  /** Asserts an error {@code [EventBus.id] headline}; anchor it with {@code inFile(...)...}. */
  static DiagnosticInFile error(Compilation compilation, String id, String headline) {
    matchGolden(compilation);
    return CompilationSubject.assertThat(compilation).hadErrorContaining(first(id, headline));
  }

  /** Asserts a warning {@code [EventBus.id] headline}; anchor it with {@code inFile(...)...}. */
  static DiagnosticInFile warning(Compilation compilation, String id, String headline) {
    matchGolden(compilation);
    return CompilationSubject.assertThat(compilation).hadWarningContaining(first(id, headline));
  }

  /** Asserts a note {@code [EventBus.id] headline}; anchor it with {@code inFile(...)...}. */
  static DiagnosticInFile note(Compilation compilation, String id, String headline) {
    matchGolden(compilation);
    return CompilationSubject.assertThat(compilation).hadNoteContaining(first(id, headline));
  }

  /** The message's first line, whole: every message has detail lines after it. */
  private static String first(String id, String headline) {
    return "[EventBus." + id + "] " + headline + "\n";
  }

  /** Compares every message of ours in {@code compilation} with the running test's section. */
  static void matchGolden(Compilation compilation) {
    String actual =
        compilation.diagnostics().stream()
            .filter(d -> d.getMessage(Locale.ROOT).startsWith("[EventBus."))
            .map(d -> kind(d) + ": " + d.getMessage(Locale.ROOT))
            .collect(Collectors.joining("\n"));
    Map<String, String> sections = sections(read());
    String expected = sections.get(currentTest);
    if (actual.equals(expected)) {
      return;
    }
    if (Boolean.getBoolean("goldens.update")) {
      sections.put(currentTest, actual);
      write(sections);
      return;
    }
    assertEquals(
        expected,
        actual,
        "messages of " + currentTest + " in " + GOLDEN + " (rerun with -Dgoldens.update=true)");
  }

  private static String kind(Diagnostic<?> diagnostic) {
    return diagnostic.getKind().toString().toLowerCase(Locale.ROOT);
  }

  /** The golden file's sections: test name, then its messages. */
  static Map<String, String> sections(String golden) {
    Map<String, String> sections = new LinkedHashMap<>();
    String test = null;
    StringBuilder body = new StringBuilder();
    for (String line : (golden + "\n== end").split("\n", -1)) {
      if (line.startsWith("== ")) {
        if (test != null) {
          sections.put(test, body.toString().strip());
        }
        test = line.substring(3).strip();
        body.setLength(0);
      } else if (test != null) {
        body.append(line).append('\n');
      }
    }
    return sections;
  }

  static String read() {
    try {
      if (Boolean.getBoolean("goldens.update") && Files.exists(SOURCE)) {
        return Files.readString(SOURCE);
      }
      try (InputStream in = ExpectedDiagnostics.class.getClassLoader().getResourceAsStream(GOLDEN)) {
        return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Map<String, String> sections) {
    StringBuilder text =
        new StringBuilder(
            "# The full text of every message the diagnostic tests see, by test. Tests assert each\n"
                + "# message's id, headline and line; rewording a message changes this file and the\n"
                + "# catalogue (validation/Diagnostic.java). Rewrite with -Dgoldens.update=true.\n");
    new TreeMap<>(sections).forEach(
        (test, body) -> text.append("\n== ").append(test).append('\n').append(body).append('\n'));
    try {
      Files.writeString(SOURCE, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
