package io.torematrix.eventbus.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.ToolProvider;

/** Sources shared by the processor tests, and a compiler with the processor on it. */
final class TestSources {
  private TestSources() {}

  /** {@code test.UserLoggedIn}: an @Event record implementing {@code test.UserEvent}. */
  static final JavaFileObject USER_LOGGED_IN =
      JavaFileObjects.forSourceLines(
          "test.UserLoggedIn",
          "package test;",
          "",
          "import io.torematrix.eventbus.annotation.Event;",
          "",
          "@Event(name = \"user.logged-in\")",
          "public record UserLoggedIn(String userId) implements UserEvent {}");

  /** {@code test.UserEvent}: an @Event interface. */
  static final JavaFileObject USER_EVENT =
      JavaFileObjects.forSourceLines(
          "test.UserEvent",
          "package test;",
          "",
          "import io.torematrix.eventbus.annotation.Event;",
          "",
          "@Event(name = \"user\")",
          "public interface UserEvent {",
          "  String userId();",
          "}");

  /** A source in package {@code test} with the imports handlers usually need. */
  static JavaFileObject source(String simpleName, String... body) {
    List<String> lines = new ArrayList<>();
    lines.add("package test;");
    lines.add("");
    lines.add("import io.torematrix.eventbus.EventContext;");
    lines.add("import io.torematrix.eventbus.annotation.DurableStart;");
    lines.add("import io.torematrix.eventbus.annotation.Event;");
    lines.add("import io.torematrix.eventbus.annotation.Priority;");
    lines.add("import io.torematrix.eventbus.annotation.Retry;");
    lines.add("import io.torematrix.eventbus.annotation.Subscribe;");
    lines.add("import java.util.List;");
    lines.add("import java.util.concurrent.CompletableFuture;");
    lines.add("import java.util.concurrent.CompletionStage;");
    lines.add("");
    lines.addAll(List.of(body));
    return JavaFileObjects.forSourceLines("test." + simpleName, lines);
  }

  /** The text of every source file {@code compilation} generated. */
  static List<String> generatedCode(Compilation compilation) {
    List<String> code = new ArrayList<>();
    for (JavaFileObject file : compilation.generatedSourceFiles()) {
      try {
        code.add(file.getCharContent(true).toString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return code;
  }

  /**
   * Runs only the processor over {@code sources}, which may have errors, writing into {@code
   * output} (a test's {@code @TempDir}, removed after it), and returns the paths of the source
   * files it generated (compile-testing hides them when compilation fails).
   */
  static List<String> generatedDespiteErrors(Path output, JavaFileObject... sources)
      throws IOException {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    List<JavaFileObject> all = new ArrayList<>(List.of(USER_LOGGED_IN, USER_EVENT));
    all.addAll(List.of(sources));
    JavaCompiler.CompilationTask task =
        compiler.getTask(
            null,
            null,
            diagnostic -> {},
            List.of("-proc:only", "-s", output.toString(), "-d", output.toString()),
            null,
            all);
    task.setProcessors(List.of(new EventBusProcessor()));
    task.call();
    try (Stream<Path> files = Files.walk(output)) {
      return files
          .filter(f -> f.toString().endsWith(".java"))
          .map(Path::toString)
          .sorted()
          .toList();
    }
  }

  /** Compiles {@code sources} with the events above and the processor. */
  static Compilation compile(JavaFileObject... sources) {
    List<JavaFileObject> all = new ArrayList<>(List.of(USER_LOGGED_IN, USER_EVENT));
    all.addAll(List.of(sources));
    return javac()
        .withProcessors(new EventBusProcessor())
        .withOptions("-Xlint:all,-processing")
        .compile(all);
  }
}
