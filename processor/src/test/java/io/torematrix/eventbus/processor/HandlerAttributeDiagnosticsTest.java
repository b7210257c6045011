package io.torematrix.eventbus.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.torematrix.eventbus.processor.ExpectedDiagnostics.error;
import static io.torematrix.eventbus.processor.ExpectedDiagnostics.warning;
import static io.torematrix.eventbus.processor.TestSources.compile;
import static io.torematrix.eventbus.processor.TestSources.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import io.torematrix.eventbus.annotation.Subscribe;
import io.torematrix.eventbus.annotation.SubscribeLimits;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The build-time checks of {@code @Subscribe}'s attributes, and the warnings: the id, the headline
 * and the line of each message; the full texts are in {@value ExpectedDiagnostics#GOLDEN}.
 */
@ExtendWith(ExpectedDiagnostics.class)
class HandlerAttributeDiagnosticsTest {

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

  /**
   * The build accepts exactly the orders and batches that the lambda API accepts at run time: both
   * ask {@link SubscribeLimits}. Checked on each side of every bound.
   */
  @Test
  void theBuildAcceptsTheOrdersAndBatchesTheRuntimeAccepts() {
    for (long order :
        List.of(
            (long) Subscribe.MIN_ORDER - 1,
            (long) Subscribe.MIN_ORDER,
            (long) Subscribe.MAX_ORDER,
            (long) Subscribe.MAX_ORDER + 1)) {
      assertAccepted(
          SubscribeLimits.orderProblem((int) order) == null,
          "@Subscribe(order = " + order + ")",
          "void onLogin(UserLoggedIn event) {}");
    }
    for (long size : List.of(0L, 1L, (long) Subscribe.MAX_BATCH_SIZE, Subscribe.MAX_BATCH_SIZE + 1L)) {
      assertAccepted(
          SubscribeLimits.batchSizeProblem((int) size) == null,
          "@Subscribe(priority = Priority.DEFERRED, batchSize = " + size + ")",
          "void onBatch(List<UserLoggedIn> events) {}");
    }
    for (long window :
        List.of(
            0L, 1L, Subscribe.MAX_BATCH_WINDOW_MILLIS, Subscribe.MAX_BATCH_WINDOW_MILLIS + 1)) {
      assertAccepted(
          SubscribeLimits.batchWindowProblem(window) == null,
          "@Subscribe(priority = Priority.DEFERRED, batchWindowMillis = " + window + "L)",
          "void onBatch(List<UserLoggedIn> events) {}");
    }
  }

  private static void assertAccepted(boolean runtimeAccepts, String annotation, String method) {
    Compilation compilation =
        compile(source("Audit", "class Audit {", "  " + annotation, "  " + method, "}"));
    assertEquals(
        runtimeAccepts,
        compilation.status() == Compilation.Status.SUCCESS,
        annotation + ": " + compilation.diagnostics());
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
}
