package io.torematrix.eventbus.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.torematrix.eventbus.processor.ExpectedDiagnostics.error;
import static io.torematrix.eventbus.processor.TestSources.compile;
import static io.torematrix.eventbus.processor.TestSources.source;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each build-time check of {@code @Middleware} classes, and the index entry of a valid one. */
@ExtendWith(ExpectedDiagnostics.class)
class MiddlewareDiagnosticsTest {

  /** A source declaring one middleware with the given annotation and class header. */
  private static JavaFileObject middleware(String name, String annotation, String header, String... body) {
    String[] lines = new String[body.length + 6];
    lines[0] = "import io.torematrix.eventbus.EventMiddleware;";
    lines[1] = "import io.torematrix.eventbus.PublishResult;";
    lines[2] = "import io.torematrix.eventbus.annotation.Middleware;";
    lines[3] = annotation;
    lines[4] = header;
    System.arraycopy(body, 0, lines, 5, body.length);
    lines[lines.length - 1] = "}";
    return source(name, lines);
  }

  private static final String INTERCEPT =
      "  public CompletionStage<PublishResult> intercept(Chain chain) { return chain.proceed(); }";

  @Test
  void aClassThatIsNoEventMiddlewareIsRejected() {
    JavaFileObject source = middleware("Audit", "@Middleware(order = 1)", "final class Audit {");
    error(
            compile(source),
            "NotAMiddleware",
            "@Middleware class Audit does not implement"
                + " io.torematrix.eventbus.EventMiddleware")
        .inFile(source)
        .onLineContaining("final class Audit");
  }

  @Test
  void middlewareOnAnInterfaceIsRejected() {
    JavaFileObject source =
        middleware("Audit", "@Middleware(order = 1)", "interface Audit extends EventMiddleware {");
    error(compile(source), "NotAMiddleware", "@Middleware is on interface Audit")
        .inFile(source)
        .onLineContaining("interface Audit");
  }

  @Test
  void anAbstractMiddlewareIsRejected() {
    JavaFileObject source =
        middleware("Audit", "@Middleware(order = 1)", "abstract class Audit implements EventMiddleware {");
    error(compile(source), "AbstractMiddleware", "@Middleware class Audit is abstract")
        .inFile(source)
        .onLineContaining("abstract class Audit");
  }

  @Test
  void aPrivateMiddlewareIsRejected() {
    JavaFileObject source =
        source(
            "Outer",
            "import io.torematrix.eventbus.EventMiddleware;",
            "import io.torematrix.eventbus.PublishResult;",
            "import io.torematrix.eventbus.annotation.Middleware;",
            "class Outer {",
            "  @Middleware(order = 1)",
            "  private static final class Audit implements EventMiddleware {",
            "  " + INTERCEPT,
            "  }",
            "}");
    error(compile(source), "InaccessibleMiddleware", "@Middleware class Audit is private")
        .inFile(source)
        .onLineContaining("private static final class Audit");
  }

  @Test
  void aMiddlewareWithoutNoArgumentConstructorIsRejected() {
    JavaFileObject source =
        middleware(
            "Audit",
            "@Middleware(order = 1)",
            "final class Audit implements EventMiddleware {",
            "  Audit(String name) {}",
            INTERCEPT);
    error(
            compile(source),
            "MiddlewareConstructor",
            "@Middleware class Audit has no non-private no-argument constructor and no"
                + " static create() method")
        .inFile(source)
        .onLineContaining("final class Audit");
  }

  @Test
  void aNonEventInTheScopeIsRejectedOnThatEntry() {
    JavaFileObject source =
        middleware(
            "Audit",
            "@Middleware(order = 1, events = {UserEvent.class,\n    String.class})",
            "final class Audit implements EventMiddleware {",
            INTERCEPT);
    error(
            compile(source),
            "MiddlewareNotAnEvent",
            "@Middleware(events = String.class) on Audit names a type that is not an @Event"
                + " type")
        .inFile(source)
        .onLineContaining("String.class})");
  }

  @Test
  void anInvalidTopicPatternIsRejectedOnThePattern() {
    JavaFileObject source =
        middleware(
            "Audit",
            "@Middleware(order = 1,\n    topics = \"orders..eu\")",
            "final class Audit implements EventMiddleware {",
            INTERCEPT);
    error(
            compile(source),
            "InvalidTopic",
            "@Middleware topic pattern \"orders..eu\" on Audit is invalid: it has an empty"
                + " token (two dots in a row, or a dot at either end)")
        .inFile(source)
        .onLineContaining("topics = \"orders..eu\"");
  }

  @Test
  void twoMiddlewareWithOneOrderAreRejected() {
    JavaFileObject first =
        middleware("First", "@Middleware(order = 5)", "final class First implements EventMiddleware {", INTERCEPT);
    JavaFileObject second =
        middleware(
            "Second",
            "@Middleware(\n    order = 5)",
            "final class Second implements EventMiddleware {",
            INTERCEPT);
    error(
            compile(first, second),
            "DuplicateMiddlewareOrder",
            "@Middleware(order = 5) on Second is already the order of test.First")
        .inFile(second)
        .onLineContaining("order = 5)");
  }

  @Test
  void aValidMiddlewareIsListedInTheIndexWithItsOrderScopeAndFactory() {
    JavaFileObject audit =
        middleware(
            "Audit",
            "@Middleware(order = 7, events = UserEvent.class, topics = \"users.>\")",
            "final class Audit implements EventMiddleware {",
            INTERCEPT);
    JavaFileObject made =
        middleware(
            "Made",
            "@Middleware(order = 8)",
            "final class Made implements EventMiddleware {",
            "  private Made(int unused) {}",
            "  static Made create() { return new Made(0); }",
            INTERCEPT);
    Compilation compilation = compile(audit, made);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("test.EventBusIndex")
        .hasSourceEquivalentTo(
            JavaFileObjects.forResource("goldens/MiddlewareDiagnosticsTest/EventBusIndex.java"));
  }
}
