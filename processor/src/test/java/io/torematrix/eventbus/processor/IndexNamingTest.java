package io.torematrix.eventbus.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The name of a package's index, and what happens to it and to {@code META-INF/services} across
 * compilations that share an output (incremental builds) or see each other's output (a test
 * source set compiled against the main one). Compiles real files with javac, as a build tool does:
 * the output directory is also on the class path.
 */
class IndexNamingTest {
  private static final String SERVICES = "META-INF/services/io.torematrix.eventbus.spi.EventBusIndex";

  @TempDir Path dir;

  @Test
  void aPackageIndexIsNamedEventBusIndex() throws IOException {
    Path out = dir.resolve("classes");
    compile(out, List.of(), event("a", "Login"), listener("a", "Audit", "Login"));
    assertTrue(Files.exists(out.resolve("a/EventBusIndex.class")));
    assertEquals("a.EventBusIndex\n", Files.readString(out.resolve(SERVICES)));
  }

  @Test
  void anIncrementalCompileThatAddsListenersKeepsTheEarlierOnesInTheIndexAndTheServicesFile()
      throws IOException {
    Path out = dir.resolve("classes");
    compile(out, List.of(), event("a", "Login"), listener("a", "Audit", "Login"));
    // Only the new sources, as an incremental build passes them: one in the same package, one in
    // another.
    compile(out, List.of(), listener("a", "Mailer", "Login"), listener("b", "Stats", "a.Login"));
    String index = Files.readString(dir.resolve("generated/a/EventBusIndex.java"));
    assertTrue(index.contains("new Audit_EventDispatcher()"), index);
    assertTrue(index.contains("new Mailer_EventDispatcher()"), index);
    assertTrue(index.contains("EventTypeInfo.of(Login.class"), index);
    assertEquals("a.EventBusIndex\nb.EventBusIndex\n", Files.readString(out.resolve(SERVICES)));
  }

  @Test
  void aTestSourceSetOfTheSamePackageGetsItsOwnIndexBesideTheMainOne() throws IOException {
    Path main = dir.resolve("classes");
    Path test = dir.resolve("test-classes");
    compile(main, List.of(), event("a", "Login"), listener("a", "Audit", "Login"));
    compile(test, List.of(main), listener("a", "AuditTest", "Login"));
    assertTrue(Files.exists(test.resolve("a/EventBusIndex2.class")));
    assertFalse(Files.exists(test.resolve("a/EventBusIndex.class")));
    String index = Files.readString(dir.resolve("generated/a/EventBusIndex2.java"));
    assertTrue(index.contains("new AuditTest_EventDispatcher()"), index);
    assertFalse(index.contains("Audit_EventDispatcher()"), "the main index lists those: " + index);
    assertEquals("a.EventBusIndex2\n", Files.readString(test.resolve(SERVICES)));
    assertEquals("a.EventBusIndex\n", Files.readString(main.resolve(SERVICES)));
  }

  @Test
  void anIncrementalCompileOfTheTestSourceSetKeepsItsEarlierListenersInItsIndex()
      throws IOException {
    Path main = dir.resolve("classes");
    Path test = dir.resolve("test-classes");
    compile(main, List.of(), event("a", "Login"), listener("a", "Audit", "Login"));
    compile(test, List.of(main), listener("a", "AuditTest", "Login"));
    // Only the new test source, as an incremental build passes it.
    compile(test, List.of(main), listener("a", "MailerTest", "Login"));
    String index = Files.readString(dir.resolve("generated/a/EventBusIndex2.java"));
    assertTrue(index.contains("new AuditTest_EventDispatcher()"), index);
    assertTrue(index.contains("new MailerTest_EventDispatcher()"), index);
    assertFalse(index.contains("Audit_EventDispatcher()"), "the main index lists those: " + index);
    assertFalse(Files.exists(test.resolve("a/EventBusIndex.class")));
    assertFalse(Files.exists(test.resolve("a/EventBusIndex3.class")));
    assertEquals("a.EventBusIndex2\n", Files.readString(test.resolve(SERVICES)));
  }

  private static String[] event(String packageName, String name) {
    return new String[] {
      packageName + "/" + name + ".java",
      "package " + packageName + ";\n"
          + "@io.torematrix.eventbus.annotation.Event(name = \"" + name.toLowerCase(Locale.ROOT)
          + "\")\n"
          + "public record " + name + "(String id) {}\n"
    };
  }

  private static String[] listener(String packageName, String name, String eventType) {
    return new String[] {
      packageName + "/" + name + ".java",
      "package " + packageName + ";\n"
          + "final class " + name + " {\n"
          + "  @io.torematrix.eventbus.annotation.Subscribe\n"
          + "  void on(" + eventType + " event) {}\n"
          + "}\n"
    };
  }

  /**
   * Compiles {@code sources} (path, text) into {@code out}, with {@code out}, {@code classPath}
   * and the test's own class path on the class path, and both processors of the jar, in order;
   * asserts a clean compile under {@code -Xlint:all} except javac's note that a generated type
   * already exists in the output (it does, on an incremental compile).
   */
  private void compile(Path out, List<Path> classPath, String[]... sources) throws IOException {
    Path src = Files.createTempDirectory(dir, "src");
    Path generated = Files.createDirectories(dir.resolve("generated"));
    Files.createDirectories(out);
    List<File> files = new ArrayList<>();
    for (String[] source : sources) {
      Path file = src.resolve(source[0]);
      Files.createDirectories(file.getParent());
      Files.writeString(file, source[1]);
      files.add(file.toFile());
    }
    String path =
        Stream.concat(Stream.of(out), classPath.stream())
                .map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator))
            + File.pathSeparator
            + System.getProperty("java.class.path");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager fileManager = javac.getStandardFileManager(null, null, null)) {
      JavaCompiler.CompilationTask task =
          javac.getTask(
              null,
              fileManager,
              diagnostics,
              List.of("-Xlint:all", "-cp", path, "-d", out.toString(), "-s", generated.toString()),
              null,
              fileManager.getJavaFileObjectsFromFiles(files));
      task.setProcessors(List.of(new EventBusProcessor(), new AnnotationClaimer()));
      boolean ok = task.call();
      List<String> messages =
          diagnostics.getDiagnostics().stream()
              .filter(d -> d.getKind() != Diagnostic.Kind.NOTE)
              .map(d -> d.getMessage(Locale.ROOT))
              .filter(m -> !m.matches("(?s)A file for type '.*' already exists.*"))
              .toList();
      assertTrue(ok, messages::toString);
      assertEquals(List.of(), messages);
    }
  }
}
