package io.torematrix.eventbus.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.torematrix.eventbus.processor.TestSources.compile;
import static io.torematrix.eventbus.processor.TestSources.source;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Each build-time check of {@code @Subscribe} methods: the message, and the line it points at. */
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
    assertThat(compile(source))
        .hadErrorContaining(
            "[EventBus.PrivateHandler] @Subscribe method onLogin(UserLoggedIn) is private. The"
                + " generated dispatcher calls handlers directly from another class of the"
                + " package, and cannot reach a private method. Remove 'private' (package-private"
                + " is enough).")
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
    assertThat(compile(source))
        .hadErrorContaining(
            "[EventBus.StaticHandler] @Subscribe method onLogin(UserLoggedIn) is static. A"
                + " subscription belongs to the listener instance you register, and a static"
                + " method has none. Make it an instance method.")
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
    assertThat(compile(source))
        .hadErrorContaining(
            "[EventBus.AbstractHandler] @Subscribe method onLogin(UserLoggedIn) is abstract. The"
                + " dispatcher needs a body to call, and an abstract method has none. Annotate the"
                + " implementing method in the concrete subclass instead.")
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
    assertThat(compile(source))
        .hadErrorContaining(
            "[EventBus.InterfaceHandler] @Subscribe method onLogin(UserLoggedIn) is declared in"
                + " interface Audit. Dispatchers are generated for the classes of listener"
                + " instances, so a handler declared in an interface would never be bound. Declare"
                + " it in a class.")
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
    assertThat(compile(source))
        .hadErrorContaining(
            "[EventBus.InaccessibleListener] @Subscribe method onLogin(UserLoggedIn) is in private"
                + " class Audit. The generated dispatcher lives beside the listener in its package"
                + " and cannot name such a class. Make the listener a package-private or public"
                + " top-level or static nested class.")
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
    assertThat(compile(source))
        .hadErrorContaining(
            "[EventBus.InaccessibleListener] @Subscribe method onLogin(UserLoggedIn) is in an"
                + " anonymous class. The processor generates dispatchers for named classes only (it"
                + " never sees the members of local and anonymous classes), so this handler would"
                + " never be called. Move it to a package-private or public top-level or static"
                + " nested class, or subscribe a lambda: bus.subscribe(UserLoggedIn.class, event"
                + " -> ...).")
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
    assertThat(compile(source))
        .hadErrorContaining(
            "[EventBus.InaccessibleListener] @Subscribe method onLogin(UserLoggedIn) is in local"
                + " class Local.")
        .inFile(source)
        .onLineContaining("void onLogin");
  }

  @Test
  void handlerWithoutParametersIsRejected() {
    JavaFileObject source =
        source("Audit", "class Audit {", "  @Subscribe", "  void onLogin() {}", "}");
    assertThat(compile(source))
        .hadErrorContaining(
            "[EventBus.HandlerParameters] @Subscribe method onLogin() has no parameter. A handler"
                + " takes the event, optionally followed by its EventContext. Declare it as"
                + " onLogin(SomeEvent event) or onLogin(SomeEvent event, EventContext context).")
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
    assertThat(compile(source))
        .hadErrorContaining(
            "[EventBus.HandlerParameters] @Subscribe method onLogin(UserLoggedIn, String) has"
                + " parameters (UserLoggedIn, String). A handler takes the event, optionally"
                + " followed by its EventContext. Declare it as onLogin(UserLoggedIn event) or"
                + " onLogin(UserLoggedIn event, EventContext context).")
        .inFile(source)
        .onLineContaining("void onLogin(UserLoggedIn event, String extra)");
  }

  @Test
  void primitiveParameterIsRejectedOnTheParameter() {
    JavaFileObject source =
        source("Audit", "class Audit {", "  @Subscribe", "  void onCount(int count) {}", "}");
    assertThat(compile(source))
        .hadErrorContaining(
            "[EventBus.PrimitiveParameter] @Subscribe method onCount(int) takes primitive int."
                + " Events are @Event records, classes or interfaces, never primitives. Take an"
                + " @Event type, such as a record that carries the value.")
        .inFile(source)
        .onLineContaining("void onCount(int count)");
  }

  @Test
  void nonEventParameterIsRejected() {
    JavaFileObject source =
        source(
            "Audit", "class Audit {", "  @Subscribe", "  void onText(String text) {}", "}");
    assertThat(compile(source))
        .hadErrorContaining(
            "[EventBus.NotAnEvent] @Subscribe method onText(String) takes String, which is not an"
                + " @Event type. The bus delivers only @Event types, so this handler would never be"
                + " called. Annotate String with @Event, or take an @Event type.")
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
    assertThat(compile(source))
        .hadErrorContaining(
            "[EventBus.NotAnEvent] @Subscribe method onAny(T) takes type variable T. The event type"
                + " of a handler must be known at build time to generate its dispatch. Take a"
                + " concrete @Event type; an @Event interface receives a whole family of events.")
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
    assertThat(compile(source))
        .hadErrorContaining(
            "[EventBus.HandlerReturnType] @Subscribe method onLogin(UserLoggedIn) returns int. The"
                + " bus awaits a CompletionStage and would have to ignore any other value. Return"
                + " void, or a CompletionStage<?> that completes when handling is done.")
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
    assertThat(compile(source))
        .hadErrorContaining(
            "[EventBus.FilterNotFound] @Subscribe(filter = \"isAdmin\") on onLogin(UserLoggedIn)"
                + " names no usable method: candidates: isAdmin(String) takes String, not"
                + " UserLoggedIn; isAdmin(UserLoggedIn) is private. A filter is a method of the"
                + " listener, boolean isAdmin(UserLoggedIn event), that generated code in its"
                + " package can call. Declare that method, or fix the name.")
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
    assertThat(compile(source))
        .hadErrorContaining(
            "[EventBus.FilterNotFound] @Subscribe(filter = \"isAdmn\") on onLogin(UserLoggedIn)"
                + " names no usable method: no method of Audit is named isAdmn; methods that fit:"
                + " isAdmin(UserLoggedIn).")
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
    assertThat(compile(source))
        .hadErrorContaining(
            "[EventBus.ErrorHandlerNotFound] @Subscribe(onError = \"failed\") on"
                + " onLogin(UserLoggedIn) names no usable method: candidates: failed(UserLoggedIn)"
                + " takes 1 parameter. An error callback is a method of the listener, void"
                + " failed(UserLoggedIn event, Throwable error), that generated code in its package"
                + " can call. Declare that method, or fix the name.")
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
    assertThat(compile(source))
        .hadErrorContaining(
            "[EventBus.InvalidTopic] @Subscribe topic pattern \"admin.>.audit\" on"
                + " onLogin(UserLoggedIn) is invalid: '>' matches the rest of a topic, so it must be"
                + " the last token. Topics are tokens separated by dots; in a pattern '*' matches"
                + " one token and '>', last, matches the rest, as in NATS subjects. Write a pattern"
                + " such as \"orders.*.created\" or \"orders.>\".")
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
    assertThat(compile(source))
        .hadErrorContaining(
            "[EventBus.OrderOutOfRange] @Subscribe(order = 2147483647) on onLogin(UserLoggedIn) is"
                + " out of range. Orders lie between -1000000 and 1000000 (Subscribe.MIN_ORDER and"
                + " MAX_ORDER), which leaves room between handlers and keeps comparisons exact."
                + " Choose an order in that range.")
        .inFile(source)
        .onLineContaining("order = Integer.MAX_VALUE");
  }

  @Test
  void duplicateHandlerIsAWarning() {
    JavaFileObject source =
        source(
            "Audit",
            "class Audit {",
            "  @Subscribe",
            "  void first(UserLoggedIn event) {}",
            "  @Subscribe",
            "  void second(UserLoggedIn event) {}",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).succeeded();
    assertThat(compilation)
        .hadWarningContaining(
            "[EventBus.DuplicateHandler] @Subscribe method second(UserLoggedIn) subscribes to"
                + " UserLoggedIn exactly like first(UserLoggedIn) in Audit (same topics, priority,"
                + " order, filter and delivery). Both will receive every such event, which is often a"
                + " copy-and-paste slip. Remove or merge one, or, if both are meant, add"
                + " @SuppressWarnings(\"EventBus.DuplicateHandler\").")
        .inFile(source)
        .onLineContaining("void second");
  }

  @Test
  void handlersThatDifferInPriorityOrSuppressTheWarningAreNotDuplicates() {
    JavaFileObject source =
        source(
            "Audit",
            "class Audit {",
            "  @Subscribe",
            "  void first(UserLoggedIn event) {}",
            "  @Subscribe(priority = Priority.IMMEDIATE)",
            "  void sooner(UserLoggedIn event) {}",
            "  @Subscribe",
            "  @SuppressWarnings(\"EventBus.DuplicateHandler\")",
            "  void meant(UserLoggedIn event) {}",
            "}");
    assertThat(compile(source)).succeededWithoutWarnings();
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
    assertThat(compile(source))
        .hadErrorContaining(
            "[EventBus.OverridingHandler] @Subscribe method onLogin(UserLoggedIn) overrides"
                + " Base.onLogin(UserLoggedIn), which is already a @Subscribe handler. The inherited"
                + " subscription calls this override, so subscribing it again would deliver every"
                + " event twice. Remove @Subscribe here; the override still receives the events.")
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
    assertThat(compilation).hadErrorContaining("[EventBus.PrivateHandler]");
    assertThat(compilation).hadErrorContaining("[EventBus.StaticHandler]");
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
    assertThat(compile(source))
        .hadErrorContaining(
            "[EventBus.UnresolvedType] listener test.Audit refers to a type that never resolved,"
                + " so no code was generated for it.");
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
    assertThat(compile(source))
        .hadErrorContaining(
            "[EventBus.BatchNeedsDeferred] @Subscribe method onBatch(List<UserLoggedIn>) takes a"
                + " List, so it receives batches, but runs at priority NORMAL. Batches are gathered"
                + " and delivered in the background, never while publish waits. Add priority ="
                + " Priority.DEFERRED, or take a single event.")
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
    assertThat(compile(source))
        .hadErrorContaining(
            "[EventBus.BatchWithoutList] @Subscribe(batchSize = 50) on onLogin(UserLoggedIn) has no"
                + " effect: it sizes the batches of a handler that takes List<E>, and this one takes"
                + " a single event. Take a List of events (at priority DEFERRED), or remove"
                + " batchSize.")
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
    assertThat(compile(source))
        .hadErrorContaining(
            "[EventBus.InvalidBatch] @Subscribe(batchSize = 0) on onBatch(List<UserLoggedIn>) is"
                + " out of range. A batch holds between 1 and 100000 events, so that it always"
                + " fits in memory. Choose a size in that range.")
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
    assertThat(compile(source))
        .hadErrorContaining(
            "[EventBus.InvalidBatch] @Subscribe(batchWindowMillis = 0) on"
                + " onBatch(List<UserLoggedIn>) is out of range. A batch waits between 1 ms and"
                + " 3600000 ms (an hour) for more events, so that its first event is not held"
                + " forever. Choose a window in that range.")
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
    assertThat(compile(source))
        .hadErrorContaining(
            "[EventBus.HandlerParameters] @Subscribe method onBatch(List<UserLoggedIn>,"
                + " EventContext) takes a List and more. A batch handler receives its events without"
                + " their contexts, as a List alone. Declare it as onBatch(List<UserLoggedIn>"
                + " events).")
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
    assertThat(compile(source))
        .hadErrorContaining(
            "[EventBus.HandlerReturnType] @Subscribe method onBatch(List<UserLoggedIn>) returns"
                + " CompletionStage<Void>. A batch handler runs on the DEFERRED thread and has"
                + " finished when it returns, so nothing would read a result. Return void.")
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
    assertThat(compile(source))
        .hadErrorContaining(
            "[EventBus.TimeoutNeedsAsync] @Subscribe(timeoutMillis = 500) on onLogin(UserLoggedIn)"
                + " cannot apply: the handler returns void, so it has finished when it returns and"
                + " there is no stage to time out. Return a CompletionStage<?>, or remove"
                + " timeoutMillis.")
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
    assertThat(compile(source))
        .hadErrorContaining(
            "[EventBus.InvalidTimeout] @Subscribe(timeoutMillis = -1) on onLogin(UserLoggedIn) is"
                + " negative. A timeout is how long the handler's stage may take. Use a positive"
                + " number of milliseconds, or 0 for none.")
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
    assertThat(compilation)
        .hadWarningContaining(
            "[EventBus.RedundantOrdered] @Subscribe(ordered = true) on onLogin(UserLoggedIn) has no"
                + " effect at priority IMMEDIATE: IMMEDIATE handlers run on the publisher's thread"
                + " and DEFERRED ones on one background thread, so both already see events in"
                + " publish order. Remove ordered.")
        .inFile(source)
        .onLineContaining("void onLogin");
  }
}
