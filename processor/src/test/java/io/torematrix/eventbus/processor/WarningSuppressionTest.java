package io.torematrix.eventbus.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import io.torematrix.eventbus.processor.validation.Diagnostic;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.tools.Diagnostic.Kind;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Every warning of the catalogue is silenced the same way, {@code @SuppressWarnings("EventBus.Id")}
 * on the element it is reported on or on a class around it, so that a build with {@code -Xlint:all
 * -Werror} can keep a design it means. Each warning's source below is first shown to fail such a
 * build, then to pass it with either suppression.
 */
class WarningSuppressionTest {
  private static final String MEMBER = "/*member*/";
  private static final String TYPE = "/*type*/";

  /** For each warning, a source that draws it, with a place for the annotation on each level. */
  private static final Map<Diagnostic, List<String>> SOURCES =
      Map.of(
          Diagnostic.REDUNDANT_ORDERED,
          List.of(
              TYPE + "class Audit {",
              "  " + MEMBER + "@Subscribe(priority = Priority.IMMEDIATE, ordered = true)",
              "  void onLogin(UserLoggedIn event) {}",
              "}"),
          Diagnostic.DURABLE_ORDERED,
          List.of(
              TYPE + "class Audit {",
              "  " + MEMBER + "@Subscribe(durable = \"logins\", ordered = true)",
              "  void onLogin(UserLoggedIn event) {}",
              "}"),
          Diagnostic.DUPLICATE_HANDLER,
          List.of(
              TYPE + "class Audit {",
              "  @Subscribe",
              "  void onLogin(UserLoggedIn event) {}",
              "  " + MEMBER + "@Subscribe",
              "  void onLogin(UserLoggedIn event, EventContext context) {}",
              "}"));

  @Test
  void everyWarningOfTheCatalogueIsCoveredHere() {
    Set<String> warnings =
        Arrays.stream(Diagnostic.values())
            .filter(d -> d.kind() == Kind.WARNING)
            .map(Diagnostic::name)
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> covered =
        SOURCES.keySet().stream().map(Diagnostic::name).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(warnings, covered, "warnings without a suppression test");
  }

  @Test
  void everyWarningFailsAWerrorBuildUnlessSuppressedOnItsElementOrAnEnclosingClass() {
    for (Map.Entry<Diagnostic, List<String>> entry : SOURCES.entrySet()) {
      Diagnostic warning = entry.getKey();
      String suppression = "@SuppressWarnings(\"" + warning.qualifiedId() + "\") ";

      Compilation drawn = compileStrict(entry.getValue(), "", "");
      assertThat(drawn).failed();
      assertThat(drawn).hadWarningContaining("[" + warning.qualifiedId() + "] ");

      assertThat(compileStrict(entry.getValue(), suppression, "")).succeededWithoutWarnings();
      assertThat(compileStrict(entry.getValue(), "", suppression)).succeededWithoutWarnings();
    }
  }

  /**
   * Compiles with {@code -Xlint:all -Werror} and both processors of the jar, in their order, the
   * annotation put on the member or the type.
   */
  private static Compilation compileStrict(List<String> body, String onMember, String onType) {
    String[] lines =
        body.stream().map(l -> l.replace(MEMBER, onMember).replace(TYPE, onType)).toArray(String[]::new);
    JavaFileObject source = TestSources.source("Audit", lines);
    return javac()
        .withProcessors(new EventBusProcessor(), new AnnotationClaimer())
        .withOptions("-Xlint:all", "-Werror")
        .compile(TestSources.USER_LOGGED_IN, TestSources.USER_EVENT, source);
  }
}
