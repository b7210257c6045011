package io.torematrix.eventbus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.processor.EventBusProcessor;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A listener inherits handlers from a superclass compiled separately, as if in another module: two
 * real compilations into two directories, then a bus built on a class loader over both.
 */
class CrossModuleInheritanceTest {

  @Test
  void handlersOfASuperclassFromAnotherCompilationAreBound(@TempDir Path work) throws Exception {
    Path library = work.resolve("library");
    Path application = work.resolve("application");
    compile(
        library,
        List.of(),
        source(
            work,
            "lib/Greeting.java",
            "package lib;",
            "@io.torematrix.eventbus.annotation.Event(name = \"greeting\")",
            "public record Greeting(String text) {}"),
        source(
            work,
            "lib/BaseListener.java",
            "package lib;",
            "import io.torematrix.eventbus.annotation.Priority;",
            "import io.torematrix.eventbus.annotation.Subscribe;",
            "public class BaseListener implements java.util.function.Supplier<java.util.List<String>> {",
            "  protected final java.util.List<String> seen = new java.util.ArrayList<>();",
            "  @Subscribe(priority = Priority.IMMEDIATE)",
            "  void fromLibrary(Greeting greeting) { seen.add(\"library \" + greeting.text()); }",
            "  @Override public java.util.List<String> get() { return seen; }",
            "}"));
    compile(
        application,
        List.of(library),
        source(
            work,
            "app/AppListener.java",
            "package app;",
            "import io.torematrix.eventbus.annotation.Priority;",
            "import io.torematrix.eventbus.annotation.Subscribe;",
            "public class AppListener extends lib.BaseListener {",
            "  @Subscribe(priority = Priority.IMMEDIATE)",
            "  void fromApplication(lib.Greeting greeting) { seen.add(\"application \" + greeting.text()); }",
            "}"));

    try (URLClassLoader loader =
            new URLClassLoader(
                new URL[] {library.toUri().toURL(), application.toUri().toURL()},
                getClass().getClassLoader());
        EventBus bus = EventBus.builder().classLoader(loader).build()) {
      @SuppressWarnings("unchecked")
      Supplier<List<String>> listener =
          (Supplier<List<String>>)
              loader.loadClass("app.AppListener").getConstructor().newInstance();
      Object greeting =
          loader.loadClass("lib.Greeting").getConstructor(String.class).newInstance("hello");

      bus.register(listener);
      bus.publish(greeting).toCompletableFuture().get(10, TimeUnit.SECONDS);

      assertEquals(List.of("library hello", "application hello"), listener.get());
    }
  }

  private static Path source(Path work, String relative, String... lines) throws Exception {
    Path file = work.resolve("src").resolve(relative);
    Files.createDirectories(file.getParent());
    Files.write(file, List.of(lines));
    return file;
  }

  private static void compile(Path output, List<Path> classpath, Path... sources) throws Exception {
    Files.createDirectories(output);
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    List<String> path = new ArrayList<>();
    classpath.forEach(p -> path.add(p.toString()));
    path.add(System.getProperty("java.class.path"));
    try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, null)) {
      JavaCompiler.CompilationTask task =
          compiler.getTask(
              null,
              files,
              diagnostics,
              List.of("-d", output.toString(), "-classpath", String.join(File.pathSeparator, path)),
              null,
              files.getJavaFileObjects(sources));
      task.setProcessors(List.of(new EventBusProcessor()));
      assertTrue(task.call(), () -> "compilation failed: " + diagnostics.getDiagnostics());
    }
  }
}
