package io.torematrix.eventbus.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static io.torematrix.eventbus.processor.TestSources.USER_EVENT;
import static io.torematrix.eventbus.processor.TestSources.USER_LOGGED_IN;
import static io.torematrix.eventbus.processor.TestSources.compile;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/** The generated dispatcher and index, compared with golden files, and how they compile. */
class GeneratedCodeTest {
  private static final JavaFileObject LOGIN_AUDIT =
      JavaFileObjects.forSourceLines(
          "test.LoginAudit",
          "package test;",
          "",
          "import io.torematrix.eventbus.EventContext;",
          "import io.torematrix.eventbus.annotation.Priority;",
          "import io.torematrix.eventbus.annotation.Subscribe;",
          "import java.util.concurrent.CompletableFuture;",
          "import java.util.concurrent.CompletionStage;",
          "",
          "final class LoginAudit {",
          "  @Subscribe",
          "  void onLogin(UserLoggedIn event) {}",
          "",
          "  @Subscribe(",
          "      topics = \"admin.>\",",
          "      priority = Priority.IMMEDIATE,",
          "      order = 10,",
          "      filter = \"isAdmin\",",
          "      onError = \"loginFailed\")",
          "  CompletionStage<Void> audit(UserLoggedIn event, EventContext context) {",
          "    return CompletableFuture.completedFuture(null);",
          "  }",
          "",
          "  @Subscribe(priority = Priority.DEFERRED, topics = {\"users.*\", \"admin.>\"})",
          "  void anyUser(UserEvent event) throws Exception {}",
          "",
          "  boolean isAdmin(UserLoggedIn event) {",
          "    return event.userId().startsWith(\"admin\");",
          "  }",
          "",
          "  void loginFailed(UserLoggedIn event, Throwable error) {}",
          "}");

  @Test
  void dispatcherBindsEveryHandlerAsADirectCall() {
    Compilation compilation = compile(LOGIN_AUDIT);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("test.LoginAudit_EventDispatcher")
        .hasSourceEquivalentTo(
            JavaFileObjects.forResource("goldens/GeneratedCodeTest/LoginAudit_EventDispatcher.java"));
  }

  @Test
  void indexListsEventTypesWithTheirSupertypesAndTheDispatchers() {
    Compilation compilation = compile(LOGIN_AUDIT);
    assertThat(compilation)
        .generatedSourceFile("test.EventBusIndex")
        .hasSourceEquivalentTo(
            JavaFileObjects.forResource("goldens/GeneratedCodeTest/EventBusIndex.java"));
    assertThat(compilation)
        .generatedFile(
            StandardLocation.CLASS_OUTPUT,
            "META-INF/services/io.torematrix.eventbus.spi.EventBusIndex")
        .contentsAsUtf8String()
        .isEqualTo("test.EventBusIndex\n");
  }

  @Test
  void identicalInputGivesIdenticalOutput() {
    assertEquals(
        TestSources.generatedCode(compile(LOGIN_AUDIT)),
        TestSources.generatedCode(compile(LOGIN_AUDIT)));
  }

  @Test
  void genericNestedListenerWithStaticAndInheritedMethodsCompilesWithoutWarnings() {
    JavaFileObject base =
        JavaFileObjects.forSourceLines(
            "test.BaseFilters",
            "package test;",
            "",
            "public class BaseFilters {",
            "  public boolean isKnown(UserEvent event) { return true; }",
            "}");
    JavaFileObject outer =
        JavaFileObjects.forSourceLines(
            "test.Outer",
            "package test;",
            "",
            "import io.torematrix.eventbus.annotation.Subscribe;",
            "import java.util.List;",
            "",
            "public final class Outer {",
            "  static final class Collector<T> extends BaseFilters {",
            "    final List<T> seen = new java.util.ArrayList<>();",
            "",
            "    @Subscribe(filter = \"isKnown\", onError = \"report\")",
            "    void on(UserLoggedIn event) {}",
            "",
            "    static void report(UserEvent event, Throwable error) {}",
            "  }",
            "}");
    Compilation compilation = compile(base, outer);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("test.Outer_Collector_EventDispatcher")
        .hasSourceEquivalentTo(
            JavaFileObjects.forResource(
                "goldens/GeneratedCodeTest/Outer_Collector_EventDispatcher.java"));
  }

  @Test
  void orderedTimedAndBatchHandlersAreGeneratedWithTheirSettings() {
    JavaFileObject workers =
        JavaFileObjects.forSourceLines(
            "test.Workers",
            "package test;",
            "",
            "import io.torematrix.eventbus.annotation.Priority;",
            "import io.torematrix.eventbus.annotation.Subscribe;",
            "import java.util.List;",
            "import java.util.concurrent.CompletableFuture;",
            "",
            "final class Workers {",
            "  @Subscribe(ordered = true)",
            "  void inOrder(UserLoggedIn event) {}",
            "",
            "  @Subscribe(timeoutMillis = 250)",
            "  CompletableFuture<String> timed(UserLoggedIn event) {",
            "    return CompletableFuture.completedFuture(\"done\");",
            "  }",
            "",
            "  @Subscribe(priority = Priority.DEFERRED, batchSize = 50, batchWindowMillis = 20,",
            "      onError = \"failed\")",
            "  void batches(List<? extends UserEvent> events) {}",
            "",
            "  void failed(UserEvent event, Throwable error) {}",
            "}");
    Compilation compilation = compile(workers);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("test.Workers_EventDispatcher")
        .hasSourceEquivalentTo(
            JavaFileObjects.forResource("goldens/GeneratedCodeTest/Workers_EventDispatcher.java"));
  }

  @Test
  void durableHandlersAreGeneratedWithTheirNameStartAndRetryPolicy() {
    JavaFileObject projection =
        JavaFileObjects.forSourceLines(
            "test.Projection",
            "package test;",
            "",
            "import io.torematrix.eventbus.EventContext;",
            "import io.torematrix.eventbus.annotation.DurableStart;",
            "import io.torematrix.eventbus.annotation.Retry;",
            "import io.torematrix.eventbus.annotation.Subscribe;",
            "import java.util.concurrent.CompletableFuture;",
            "",
            "final class Projection {",
            "  @Subscribe(durable = \"logins\")",
            "  void fromTheHead(UserLoggedIn event) {}",
            "",
            "  @Subscribe(durable = \"users\", startAt = DurableStart.BEGINNING, topics = \"users.>\",",
            "      retry = @Retry(maxAttempts = 3, backoffMillis = 50, multiplier = 1.5, maxBackoffMillis = 1000))",
            "  CompletableFuture<Void> fromTheBeginning(UserEvent event, EventContext context) {",
            "    return CompletableFuture.completedFuture(null);",
            "  }",
            "",
            "  @Subscribe(durable = \"attempts\", retry = @Retry(maxAttempts = 10))",
            "  void moreAttempts(UserLoggedIn event) {}",
            "}");
    Compilation compilation = compile(projection);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("test.Projection_EventDispatcher")
        .hasSourceEquivalentTo(
            JavaFileObjects.forResource("goldens/GeneratedCodeTest/Projection_EventDispatcher.java"));
  }

  @Test
  void listenerOfAnEventGeneratedInALaterRoundIsProcessedOnceItExists() {
    JavaFileObject listener =
        JavaFileObjects.forSourceLines(
            "test.LateListener",
            "package test;",
            "",
            "import io.torematrix.eventbus.annotation.Subscribe;",
            "",
            "final class LateListener {",
            "  @Subscribe",
            "  void on(LateEvent event) {}",
            "}");
    Compilation compilation =
        javac()
            .withProcessors(new EventBusProcessor(), new LateEventGenerator())
            .withOptions("-Xlint:all,-processing")
            .compile(USER_LOGGED_IN, USER_EVENT, listener);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.LateListener_EventDispatcher");
    assertThat(compilation)
        .generatedSourceFile("test.LateListener_EventDispatcher")
        .contentsAsUtf8String()
        .contains("HandlerSpec.of(LateEvent.class, \"LateListener.on(LateEvent)\")");
  }

  @Test
  void aListenerAnotherProcessorAddsAfterTheIndexWasWrittenGetsASecondIndexEventBusIndex2() {
    Compilation compilation =
        javac()
            .withProcessors(new EventBusProcessor(), new LaterListenerGenerator())
            .withOptions("-Xlint:all,-processing")
            .compile(USER_LOGGED_IN, USER_EVENT);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("test.EventBusIndex")
        .contentsAsUtf8String()
        .doesNotContain("LaterListener");
    assertThat(compilation)
        .generatedSourceFile("test.EventBusIndex2")
        .contentsAsUtf8String()
        .contains("LaterListener");
    assertThat(compilation)
        .generatedFile(StandardLocation.CLASS_OUTPUT, "META-INF/services/io.torematrix.eventbus.spi.EventBusIndex")
        .contentsAsUtf8String()
        .isEqualTo("test.EventBusIndex\ntest.EventBusIndex2\n");
  }

  /**
   * Another processor that writes a listener in its second round, after the bus's processor wrote
   * the package's index (at the latest in that same round: the events need nothing more).
   */
  static final class LaterListenerGenerator extends AbstractProcessor {
    private int rounds;

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      if (++rounds != 2) {
        return false;
      }
      try (Writer writer = processingEnv.getFiler().createSourceFile("test.LaterListener").openWriter()) {
        writer.write(
            "package test;\n"
                + "final class LaterListener {\n"
                + "  @io.torematrix.eventbus.annotation.Subscribe\n"
                + "  void on(UserLoggedIn event) {}\n"
                + "}\n");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return false;
    }
  }

  /** Another processor that writes an {@code @Event} record in its first round. */
  static final class LateEventGenerator extends AbstractProcessor {
    private boolean done;

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      if (done) {
        return false;
      }
      done = true;
      try (Writer writer = processingEnv.getFiler().createSourceFile("test.LateEvent").openWriter()) {
        writer.write(
            "package test;\n"
                + "@io.torematrix.eventbus.annotation.Event(name = \"late\")\n"
                + "public record LateEvent(String id) {}\n");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return false;
    }
  }
}
