package io.torematrix.eventbus.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.torematrix.eventbus.processor.ExpectedDiagnostics.error;
import static io.torematrix.eventbus.processor.TestSources.compile;
import static io.torematrix.eventbus.processor.TestSources.source;

import com.google.testing.compile.Compilation;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The build-time checks of a handler's signature (modifiers, parameters, event type, return type):
 * the id, the headline and the line of each message; the full texts are in {@value
 * ExpectedDiagnostics#GOLDEN}.
 */
@ExtendWith(ExpectedDiagnostics.class)
class HandlerSignatureDiagnosticsTest {

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
}
