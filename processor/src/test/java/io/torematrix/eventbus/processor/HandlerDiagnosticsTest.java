package io.torematrix.eventbus.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.torematrix.eventbus.processor.ExpectedDiagnostics.error;
import static io.torematrix.eventbus.processor.ExpectedDiagnostics.warning;
import static io.torematrix.eventbus.processor.TestSources.compile;
import static io.torematrix.eventbus.processor.TestSources.source;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each build-time check of {@code @Subscribe} methods: the id, the headline, and the line it points
 * at; the full texts are in {@value ExpectedDiagnostics#GOLDEN}.
 */
@ExtendWith(ExpectedDiagnostics.class)
class HandlerDiagnosticsTest {

  @Test
  void privateHandlerIsRejected() {
    JavaFileObject source =
        source(
            "Audit",
            "class Audit {",
            "  @Subscribe",
            "  private void onLogin(UserLoggedIn event) {}",
            "}");
    error(compile(source), "PrivateHandler", "@Subscribe method onLogin(UserLoggedIn) is private")
        .inFile(source)
        .onLineContaining("private void onLogin");
  }

  @Test
  void listenerWithAnErrorGetsNoDispatcher() throws Exception {
    JavaFileObject valid =
        source("Fine", "class Fine {", "  @Subscribe", "  void on(UserLoggedIn event) {}", "}");
    JavaFileObject invalid =
        source(
            "Audit",
            "class Audit {",
            "  @Subscribe",
            "  private void onLogin(UserLoggedIn event) {}",
            "}");
    List<String> generated = TestSources.generatedDespiteErrors(valid, invalid);
    assertTrue(generated.stream().anyMatch(f -> f.endsWith("Fine_EventDispatcher.java")), generated::toString);
    assertTrue(generated.stream().noneMatch(f -> f.contains("Audit")), generated::toString);
  }

  @Test
  void staticHandlerIsRejected() {
    JavaFileObject source =
        source(
            "Audit",
            "class Audit {",
            "  @Subscribe",
            "  static void onLogin(UserLoggedIn event) {}",
            "}");
    error(compile(source), "StaticHandler", "@Subscribe method onLogin(UserLoggedIn) is static")
        .inFile(source)
        .onLineContaining("static void onLogin");
  }

  @Test
  void abstractHandlerIsRejected() {
    JavaFileObject source =
        source(
            "Audit",
            "abstract class Audit {",
            "  @Subscribe",
            "  abstract void onLogin(UserLoggedIn event);",
            "}");
    error(compile(source), "AbstractHandler", "@Subscribe method onLogin(UserLoggedIn) is abstract")
        .inFile(source)
        .onLineContaining("abstract void onLogin");
  }

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
  void handlerWithoutParametersIsRejected() {
    JavaFileObject source =
        source("Audit", "class Audit {", "  @Subscribe", "  void onLogin() {}", "}");
    error(compile(source), "HandlerParameters", "@Subscribe method onLogin() has no parameter")
        .inFile(source)
        .onLineContaining("void onLogin()");
  }

  @Test
  void handlerWithAWrongSecondParameterIsRejected() {
    JavaFileObject source =
        source(
            "Audit",
            "class Audit {",
            "  @Subscribe",
            "  void onLogin(UserLoggedIn event, String extra) {}",
            "}");
    error(
            compile(source),
            "HandlerParameters",
            "@Subscribe method onLogin(UserLoggedIn, String) has parameters (UserLoggedIn,"
            + " String)")
        .inFile(source)
        .onLineContaining("void onLogin(UserLoggedIn event, String extra)");
  }

  @Test
  void swappedParametersAreToldToSwap() {
    JavaFileObject source =
        source(
            "Audit",
            "class Audit {",
            "  @Subscribe",
            "  void reversed(EventContext context, UserLoggedIn event) {}",
            "}");
    Compilation compilation = compile(source);
    error(
            compilation,
            "HandlerParameters",
            "@Subscribe method reversed(EventContext, UserLoggedIn) takes its EventContext before"
                + " the event")
        .inFile(source)
        .onLineContaining("void reversed");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void ownTypeThatIsNoEventIsToldToBeAnnotated() {
    JavaFileObject source =
        source(
            "Audit",
            "record Login(String user) {}",
            "class Audit {",
            "  @Subscribe",
            "  void onLogin(Login login) {}",
            "}");
    error(
            compile(source),
            "NotAnEvent",
            "@Subscribe method onLogin(Login) takes Login, which is not an @Event type")
        .inFile(source)
        .onLineContaining("void onLogin(Login login)");
  }

  @Test
  void primitiveParameterIsRejectedOnTheParameter() {
    JavaFileObject source =
        source("Audit", "class Audit {", "  @Subscribe", "  void onCount(int count) {}", "}");
    error(
            compile(source),
            "PrimitiveParameter",
            "@Subscribe method onCount(int) takes primitive int")
        .inFile(source)
        .onLineContaining("void onCount(int count)");
  }

  @Test
  void nonEventParameterIsRejected() {
    JavaFileObject source =
        source(
            "Audit", "class Audit {", "  @Subscribe", "  void onText(String text) {}", "}");
    error(
            compile(source),
            "NotAnEvent",
            "@Subscribe method onText(String) takes String, which is not an @Event type")
        .inFile(source)
        .onLineContaining("void onText(String text)");
  }

  @Test
  void typeVariableParameterIsRejected() {
    JavaFileObject source =
        source(
            "Audit",
            "class Audit {",
            "  @Subscribe",
            "  <T extends UserEvent> void onAny(T event) {}",
            "}");
    error(compile(source), "NotAnEvent", "@Subscribe method onAny(T) takes type variable T")
        .inFile(source)
        .onLineContaining("void onAny(T event)");
  }

  @Test
  void wrongReturnTypeIsRejected() {
    JavaFileObject source =
        source(
            "Audit",
            "class Audit {",
            "  @Subscribe",
            "  int onLogin(UserLoggedIn event) { return 1; }",
            "}");
    error(
            compile(source),
            "HandlerReturnType",
            "@Subscribe method onLogin(UserLoggedIn) returns int")
        .inFile(source)
        .onLineContaining("int onLogin");
  }

  @Test
  void filterWithWrongSignatureListsTheCandidates() {
    JavaFileObject source =
        source(
            "Audit",
            "class Audit {",
            "  @Subscribe(",
            "      filter = \"isAdmin\")",
            "  void onLogin(UserLoggedIn event) {}",
            "",
            "  boolean isAdmin(String userId) { return true; }",
            "  private boolean isAdmin(UserLoggedIn event) { return true; }",
            "}");
    error(
            compile(source),
            "FilterNotFound",
            "@Subscribe(filter = \"isAdmin\") on onLogin(UserLoggedIn) names no usable"
            + " method")
        .inFile(source)
        .onLineContaining("filter = \"isAdmin\"");
  }

  @Test
  void misspelledFilterSuggestsMethodsThatFit() {
    JavaFileObject source =
        source(
            "Audit",
            "class Audit {",
            "  @Subscribe(filter = \"isAdmn\")",
            "  void onLogin(UserLoggedIn event) {}",
            "",
            "  boolean isAdmin(UserLoggedIn event) { return true; }",
            "}");
    error(
            compile(source),
            "FilterNotFound",
            "@Subscribe(filter = \"isAdmn\") on onLogin(UserLoggedIn) names no usable"
            + " method")
        .inFile(source)
        .onLineContaining("filter = \"isAdmn\"");
  }

  @Test
  void onErrorWithWrongSignatureListsTheCandidates() {
    JavaFileObject source =
        source(
            "Audit",
            "class Audit {",
            "  @Subscribe(onError = \"failed\")",
            "  void onLogin(UserLoggedIn event) {}",
            "",
            "  void failed(UserLoggedIn event) {}",
            "}");
    error(
            compile(source),
            "ErrorHandlerNotFound",
            "@Subscribe(onError = \"failed\") on onLogin(UserLoggedIn) names no usable"
            + " method")
        .inFile(source)
        .onLineContaining("onError = \"failed\"");
  }

  @Test
  void invalidTopicPatternIsReportedOnThePattern() {
    JavaFileObject source =
        source(
            "Audit",
            "class Audit {",
            "  @Subscribe(topics = {",
            "      \"users.*\",",
            "      \"admin.>.audit\"})",
            "  void onLogin(UserLoggedIn event) {}",
            "}");
    error(
            compile(source),
            "InvalidTopic",
            "@Subscribe topic pattern \"admin.>.audit\" on onLogin(UserLoggedIn) is"
            + " invalid: '>' matches the rest of a topic, so it must be the last token")
        .inFile(source)
        .onLineContaining("\"admin.>.audit\"");
  }

  @Test
  void orderOutOfRangeIsReportedOnTheOrderValue() {
    JavaFileObject source =
        source(
            "Audit",
            "class Audit {",
            "  @Subscribe(",
            "      order = Integer.MAX_VALUE)",
            "  void onLogin(UserLoggedIn event) {}",
            "}");
    error(
            compile(source),
            "OrderOutOfRange",
            "@Subscribe(order = 2147483647) on onLogin(UserLoggedIn) is out of range")
        .inFile(source)
        .onLineContaining("order = Integer.MAX_VALUE");
  }

  @Test
  void overloadsThatSubscribeAlikeAreAWarning() {
    JavaFileObject source =
        source(
            "Audit",
            "class Audit {",
            "  @Subscribe",
            "  void onLogin(UserLoggedIn event) {}",
            "  @Subscribe",
            "  void onLogin(UserLoggedIn event, EventContext context) {}",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).succeeded();
    warning(
            compilation,
            "DuplicateHandler",
            "@Subscribe method onLogin(UserLoggedIn, EventContext) receives the same events as its"
                + " overload onLogin(UserLoggedIn)")
        .inFile(source)
        .onLineContaining("void onLogin(UserLoggedIn event, EventContext context)");
  }

  @Test
  void twoHandlersOfOneEventWithTheirOwnNamesAreAnOrdinaryDesign() {
    JavaFileObject source =
        source(
            "LoginAudit",
            "class LoginAudit {",
            "  @Subscribe",
            "  void updateLastSeen(UserLoggedIn event) {}",
            "  @Subscribe",
            "  void sendWelcomeBackMail(UserLoggedIn event) {}",
            "}");
    assertThat(compile(source)).succeededWithoutWarnings();
  }

  @Test
  void overloadsThatDifferInPriorityOrSuppressTheWarningAreNotDuplicates() {
    JavaFileObject source =
        source(
            "Audit",
            "class Audit {",
            "  @Subscribe",
            "  void on(UserLoggedIn event) {}",
            "  @Subscribe(priority = Priority.IMMEDIATE)",
            "  void on(UserLoggedIn event, EventContext context) {}",
            "}");
    JavaFileObject meant =
        source(
            "Meant",
            "class Meant {",
            "  @Subscribe",
            "  void on(UserLoggedIn event) {}",
            "  @Subscribe",
            "  @SuppressWarnings(\"EventBus.DuplicateHandler\")",
            "  void on(UserLoggedIn event, EventContext context) {}",
            "}");
    assertThat(compile(source, meant)).succeededWithoutWarnings();
  }

  @Test
  void noWarningIsStackedOnAHandlerWithAnError() {
    JavaFileObject source =
        source(
            "Audit",
            "class Audit {",
            "  @Subscribe(priority = Priority.IMMEDIATE, ordered = true)",
            "  private void onLogin(UserLoggedIn event) {}",
            "}");
    Compilation compilation = compile(source);
    error(compilation, "PrivateHandler", "@Subscribe method onLogin(UserLoggedIn) is private")
        .inFile(source)
        .onLineContaining("private void onLogin");
    assertThat(compilation).hadWarningCount(0);
  }

  @Test
  void overridingAnInheritedHandlerIsRejected() {
    JavaFileObject source =
        source(
            "Audit",
            "class Base {",
            "  @Subscribe",
            "  void onLogin(UserLoggedIn event) {}",
            "}",
            "class Audit extends Base {",
            "  @Subscribe",
            "  @Override",
            "  void onLogin(UserLoggedIn again) {}",
            "}");
    error(
            compile(source),
            "OverridingHandler",
            "@Subscribe method onLogin(UserLoggedIn) overrides Base.onLogin(UserLoggedIn),"
            + " which is already a @Subscribe handler")
        .inFile(source)
        .onLineContaining("void onLogin(UserLoggedIn again)");
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

  @Test
  void batchHandlerMustBeDeferred() {
    JavaFileObject source =
        source(
            "Audit",
            "class Audit {",
            "  @Subscribe",
            "  void onBatch(List<UserLoggedIn> events) {}",
            "}");
    error(
            compile(source),
            "BatchNeedsDeferred",
            "@Subscribe method onBatch(List<UserLoggedIn>) takes a List, so it receives"
            + " batches, but runs at priority NORMAL")
        .inFile(source)
        .onLineContaining("void onBatch");
  }

  @Test
  void batchAttributesOnASingleEventHandlerAreRejectedOnTheValue() {
    JavaFileObject source =
        source(
            "Audit",
            "class Audit {",
            "  @Subscribe(priority = Priority.DEFERRED,",
            "      batchSize = 50)",
            "  void onLogin(UserLoggedIn event) {}",
            "}");
    error(
            compile(source),
            "BatchWithoutList",
            "@Subscribe(batchSize = 50) on onLogin(UserLoggedIn) has no effect")
        .inFile(source)
        .onLineContaining("batchSize = 50");
  }

  @Test
  void batchSizeOutOfRangeIsRejectedOnTheValue() {
    JavaFileObject source =
        source(
            "Audit",
            "class Audit {",
            "  @Subscribe(priority = Priority.DEFERRED,",
            "      batchSize = 0)",
            "  void onBatch(List<UserLoggedIn> events) {}",
            "}");
    error(
            compile(source),
            "InvalidBatch",
            "@Subscribe(batchSize = 0) on onBatch(List<UserLoggedIn>) is out of range")
        .inFile(source)
        .onLineContaining("batchSize = 0");
  }

  @Test
  void batchWindowOutOfRangeIsRejectedOnTheValue() {
    JavaFileObject source =
        source(
            "Audit",
            "class Audit {",
            "  @Subscribe(priority = Priority.DEFERRED,",
            "      batchWindowMillis = 0)",
            "  void onBatch(List<UserLoggedIn> events) {}",
            "}");
    error(
            compile(source),
            "InvalidBatch",
            "@Subscribe(batchWindowMillis = 0) on onBatch(List<UserLoggedIn>) is out of"
            + " range")
        .inFile(source)
        .onLineContaining("batchWindowMillis = 0");
  }

  @Test
  void batchHandlerTakesTheListAlone() {
    JavaFileObject source =
        source(
            "Audit",
            "class Audit {",
            "  @Subscribe(priority = Priority.DEFERRED)",
            "  void onBatch(List<UserLoggedIn> events, EventContext context) {}",
            "}");
    error(
            compile(source),
            "HandlerParameters",
            "@Subscribe method onBatch(List<UserLoggedIn>, EventContext) takes a List and"
            + " more")
        .inFile(source)
        .onLineContaining("void onBatch");
  }

  @Test
  void batchHandlerReturnsVoid() {
    JavaFileObject source =
        source(
            "Audit",
            "class Audit {",
            "  @Subscribe(priority = Priority.DEFERRED)",
            "  CompletionStage<Void> onBatch(List<UserLoggedIn> events) { return null; }",
            "}");
    error(
            compile(source),
            "HandlerReturnType",
            "@Subscribe method onBatch(List<UserLoggedIn>) returns CompletionStage<Void>")
        .inFile(source)
        .onLineContaining("onBatch(List<UserLoggedIn> events)");
  }

  @Test
  void timeoutOnASynchronousHandlerIsRejectedOnTheValue() {
    JavaFileObject source =
        source(
            "Audit",
            "class Audit {",
            "  @Subscribe(",
            "      timeoutMillis = 500)",
            "  void onLogin(UserLoggedIn event) {}",
            "}");
    error(
            compile(source),
            "TimeoutNeedsAsync",
            "@Subscribe(timeoutMillis = 500) on onLogin(UserLoggedIn) cannot apply")
        .inFile(source)
        .onLineContaining("timeoutMillis = 500");
  }

  @Test
  void negativeTimeoutIsRejectedOnTheValue() {
    JavaFileObject source =
        source(
            "Audit",
            "class Audit {",
            "  @Subscribe(",
            "      timeoutMillis = -1)",
            "  CompletionStage<Void> onLogin(UserLoggedIn event) { return null; }",
            "}");
    error(
            compile(source),
            "InvalidTimeout",
            "@Subscribe(timeoutMillis = -1) on onLogin(UserLoggedIn) is negative")
        .inFile(source)
        .onLineContaining("timeoutMillis = -1");
  }

  @Test
  void orderedOutsideNormalIsAWarning() {
    JavaFileObject source =
        source(
            "Audit",
            "class Audit {",
            "  @Subscribe(priority = Priority.IMMEDIATE, ordered = true)",
            "  void onLogin(UserLoggedIn event) {}",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).succeeded();
    warning(
            compilation,
            "RedundantOrdered",
            "@Subscribe(ordered = true) on onLogin(UserLoggedIn) has no effect at priority"
            + " IMMEDIATE")
        .inFile(source)
        .onLineContaining("ordered = true");
  }
}
