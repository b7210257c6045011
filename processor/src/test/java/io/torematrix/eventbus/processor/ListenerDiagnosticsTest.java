package io.torematrix.eventbus.processor;

import static io.torematrix.eventbus.processor.ExpectedDiagnostics.error;
import static io.torematrix.eventbus.processor.TestSources.compile;
import static io.torematrix.eventbus.processor.TestSources.source;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build-time checks of the class that declares handlers, and of a listener as a whole: the id,
 * the headline and the line of each message; the full texts are in {@value
 * ExpectedDiagnostics#GOLDEN}.
 */
@ExtendWith(ExpectedDiagnostics.class)
class ListenerDiagnosticsTest {

  @Test
  void handlerInAnInterfaceIsRejected() {
    JavaFileObject source =
        source(
            "Audit",
            "interface Audit {",
            "  @Subscribe",
            "  default void onLogin(UserLoggedIn event) {}",
            "}");
    error(
            compile(source),
            "InterfaceHandler",
            "@Subscribe method onLogin(UserLoggedIn) is declared in interface Audit")
        .inFile(source)
        .onLineContaining("default void onLogin");
  }

  @Test
  void handlerInAPrivateClassIsRejected() {
    JavaFileObject source =
        source(
            "Outer",
            "class Outer {",
            "  private static class Audit {",
            "    @Subscribe",
            "    void onLogin(UserLoggedIn event) {}",
            "  }",
            "}");
    error(
            compile(source),
            "InaccessibleListener",
            "@Subscribe method onLogin(UserLoggedIn) is in private class Audit")
        .inFile(source)
        .onLineContaining("void onLogin");
  }

  @Test
  void handlerInAnAnonymousClassIsRejected() {
    JavaFileObject source =
        source(
            "Wiring",
            "class Wiring {",
            "  Object listener() {",
            "    return new Object() {",
            "      @Subscribe",
            "      void onLogin(UserLoggedIn event) {}",
            "    };",
            "  }",
            "}");
    error(
            compile(source),
            "InaccessibleListener",
            "@Subscribe method onLogin(UserLoggedIn) is in an anonymous class")
        .inFile(source)
        .onLineContaining("void onLogin");
  }

  @Test
  void handlerInALocalClassIsRejected() {
    JavaFileObject source =
        source(
            "Wiring",
            "class Wiring {",
            "  Object listener() {",
            "    class Local {",
            "      @Subscribe",
            "      void onLogin(UserLoggedIn event) {}",
            "    }",
            "    return new Local();",
            "  }",
            "}");
    error(
            compile(source),
            "InaccessibleListener",
            "@Subscribe method onLogin(UserLoggedIn) is in local class Local")
        .inFile(source)
        .onLineContaining("void onLogin");
  }

  @Test
  void listenerWithAnErrorGetsNoDispatcher(@TempDir Path output) throws Exception {
    JavaFileObject valid =
        source("Fine", "class Fine {", "  @Subscribe", "  void on(UserLoggedIn event) {}", "}");
    JavaFileObject invalid =
        source(
            "Audit",
            "class Audit {",
            "  @Subscribe",
            "  private void onLogin(UserLoggedIn event) {}",
            "}");
    List<String> generated = TestSources.generatedDespiteErrors(output, valid, invalid);
    assertTrue(generated.stream().anyMatch(f -> f.endsWith("Fine_EventDispatcher.java")), generated::toString);
    assertTrue(generated.stream().noneMatch(f -> f.contains("Audit")), generated::toString);
  }

  @Test
  void everyMistakeOfAClassIsReported() {
    JavaFileObject source =
        source(
            "Audit",
            "class Audit {",
            "  @Subscribe",
            "  private void first(UserLoggedIn event) {}",
            "  @Subscribe",
            "  static void second(UserLoggedIn event) {}",
            "}");
    Compilation compilation = compile(source);
    error(compilation, "PrivateHandler", "@Subscribe method first(UserLoggedIn) is private")
        .inFile(source)
        .onLineContaining("private void first");
    error(compilation, "StaticHandler", "@Subscribe method second(UserLoggedIn) is static")
        .inFile(source)
        .onLineContaining("static void second");
  }

  @Test
  void typeThatNeverResolvesIsReported() {
    JavaFileObject source =
        source(
            "Audit",
            "class Audit {",
            "  @Subscribe",
            "  void onMissing(NeverGenerated event) {}",
            "}");
    error(
            compile(source),
            "UnresolvedType",
            "listener test.Audit refers to a type that never resolved, so no code was"
            + " generated for it");
  }
}
