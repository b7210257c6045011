package io.torematrix.eventbus.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.torematrix.eventbus.processor.ExpectedDiagnostics.error;
import static io.torematrix.eventbus.processor.ExpectedDiagnostics.warning;
import static io.torematrix.eventbus.processor.TestSources.compile;
import static io.torematrix.eventbus.processor.TestSources.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The build-time checks of durable subscriptions ({@code @Subscribe(durable = ...)}): the id, the
 * headline and the line of each message; the full texts are in {@value ExpectedDiagnostics#GOLDEN}.
 */
@ExtendWith(ExpectedDiagnostics.class)
class DurableDiagnosticsTest {

  @Test
  void aValidDurableHandlerCompilesWithoutWarnings() {
    JavaFileObject source =
        source(
            "Projection",
            "class Projection {",
            "  @Subscribe(durable = \"user-projection\", startAt = DurableStart.BEGINNING,",
            "      retry = @Retry(maxAttempts = 3, backoffMillis = 50), topics = \"users.>\",",
            "      filter = \"isAdmin\", onError = \"failed\", timeoutMillis = 500)",
            "  CompletionStage<Void> project(UserLoggedIn event, EventContext context) {",
            "    return CompletableFuture.completedFuture(null);",
            "  }",
            "",
            "  boolean isAdmin(UserLoggedIn event) { return true; }",
            "  void failed(UserLoggedIn event, Throwable error) {}",
            "}");
    assertThat(compile(source)).succeededWithoutWarnings();
  }

  @Test
  void anInvalidDurableNameIsReportedOnTheName() {
    JavaFileObject source =
        source(
            "Projection",
            "class Projection {",
            "  @Subscribe(",
            "      durable = \"user.projection\")",
            "  void project(UserLoggedIn event) {}",
            "}");
    error(
            compile(source),
            "InvalidDurableName",
            "@Subscribe(durable = \"user.projection\") on project(UserLoggedIn) is not a valid durable"
                + " subscription name: character 5 is '.'; only A-Z, a-z, 0-9, '_' and '-' are allowed")
        .inFile(source)
        .onLineContaining("durable = \"user.projection\"");
  }

  @Test
  void aDurableNameUsedTwiceInOneCompilationIsRejectedOnTheSecond() {
    JavaFileObject first =
        source(
            "Views",
            "class Views {",
            "  @Subscribe(durable = \"users\")",
            "  void project(UserLoggedIn event) {}",
            "}");
    JavaFileObject second =
        source(
            "Mailer",
            "class Mailer {",
            "  @Subscribe(durable = \"users\")",
            "  void welcome(UserEvent event) {}",
            "}");
    error(
            compile(first, second),
            "DuplicateDurableName",
            "@Subscribe(durable = \"users\") on welcome(UserEvent) is already the name of"
                + " Views.project(UserLoggedIn)")
        .inFile(second)
        .onLineContaining("durable = \"users\"");
  }

  @Test
  void aDurableNameUsedTwiceInOneListenerIsRejectedOnTheSecondHandler() {
    JavaFileObject source =
        source(
            "Views",
            "class Views {",
            "  @Subscribe(durable = \"users\")",
            "  void project(UserLoggedIn event) {}",
            "",
            "  @Subscribe(",
            "      durable = \"users\")",
            "  void count(UserEvent event) {}",
            "}");
    error(
            compile(source),
            "DuplicateDurableName",
            "@Subscribe(durable = \"users\") on count(UserEvent) is already the name of"
                + " Views.project(UserLoggedIn)")
        .inFile(source)
        .onLineContaining("      durable = \"users\")");
  }

  @Test
  void aDurableHandlerAtPriorityImmediateIsRejectedOnThePriority() {
    JavaFileObject source =
        source(
            "Projection",
            "class Projection {",
            "  @Subscribe(durable = \"users\",",
            "      priority = Priority.IMMEDIATE)",
            "  void project(UserLoggedIn event) {}",
            "}");
    error(
            compile(source),
            "DurablePriority",
            "@Subscribe(durable = \"users\") on project(UserLoggedIn) cannot run at priority IMMEDIATE")
        .inFile(source)
        .onLineContaining("priority = Priority.IMMEDIATE");
  }

  @Test
  void aDurableHandlerAtPriorityDeferredIsRejectedOnThePriority() {
    JavaFileObject source =
        source(
            "Projection",
            "class Projection {",
            "  @Subscribe(durable = \"users\",",
            "      priority = Priority.DEFERRED)",
            "  void project(UserLoggedIn event) {}",
            "}");
    error(
            compile(source),
            "DurablePriority",
            "@Subscribe(durable = \"users\") on project(UserLoggedIn) cannot run at priority DEFERRED")
        .inFile(source)
        .onLineContaining("priority = Priority.DEFERRED");
  }

  @Test
  void aDurableHandlerWithAnOrderIsRejectedOnTheOrder() {
    JavaFileObject source =
        source(
            "Projection",
            "class Projection {",
            "  @Subscribe(durable = \"users\",",
            "      order = 5)",
            "  void project(UserLoggedIn event) {}",
            "}");
    error(
            compile(source),
            "DurableOrder",
            "@Subscribe(order = 5) on project(UserLoggedIn) has no effect on durable subscription"
                + " \"users\"")
        .inFile(source)
        .onLineContaining("order = 5");
  }

  @Test
  void orderedOnADurableHandlerIsRedundant() {
    JavaFileObject source =
        source(
            "Projection",
            "class Projection {",
            "  @Subscribe(durable = \"users\",",
            "      ordered = true)",
            "  void project(UserLoggedIn event) {}",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).succeeded();
    warning(
            compilation,
            "RedundantOrdered",
            "@Subscribe(ordered = true) on project(UserLoggedIn) has no effect on durable"
                + " subscription \"users\"")
        .inFile(source)
        .onLineContaining("ordered = true");
  }

  @Test
  void aDurableBatchHandlerIsRejectedOnTheNameWithTheSingleEventForm() {
    JavaFileObject source =
        source(
            "Projection",
            "class Projection {",
            "  @Subscribe(priority = Priority.DEFERRED,",
            "      durable = \"users\")",
            "  void project(List<UserLoggedIn> events) {}",
            "}");
    error(
            compile(source),
            "DurableBatch",
            "@Subscribe(durable = \"users\") on project(List<UserLoggedIn>) takes a List")
        .inFile(source)
        .onLineContaining("durable = \"users\"");
  }

  @Test
  void startAtWithoutADurableNameIsRejected() {
    JavaFileObject source =
        source(
            "Projection",
            "class Projection {",
            "  @Subscribe(",
            "      startAt = DurableStart.BEGINNING)",
            "  void project(UserLoggedIn event) {}",
            "}");
    error(compile(source), "DurableOnly", "@Subscribe(startAt = ...) on project(UserLoggedIn) has no effect")
        .inFile(source)
        .onLineContaining("startAt = DurableStart.BEGINNING");
  }

  @Test
  void retryWithoutADurableNameIsRejected() {
    JavaFileObject source =
        source(
            "Projection",
            "class Projection {",
            "  @Subscribe(",
            "      retry = @Retry(maxAttempts = 2))",
            "  void project(UserLoggedIn event) {}",
            "}");
    error(compile(source), "DurableOnly", "@Subscribe(retry = ...) on project(UserLoggedIn) has no effect")
        .inFile(source)
        .onLineContaining("retry = @Retry(maxAttempts = 2)");
  }

  @Test
  void retryAttemptsOutOfRangeAreReportedOnTheValue() {
    JavaFileObject source =
        source(
            "Projection",
            "class Projection {",
            "  @Subscribe(durable = \"users\", retry = @Retry(",
            "      maxAttempts = 0))",
            "  void project(UserLoggedIn event) {}",
            "}");
    error(
            compile(source),
            "InvalidRetry",
            "@Retry(maxAttempts = 0) on project(UserLoggedIn) is out of range: it must be between 1"
                + " and 100")
        .inFile(source)
        .onLineContaining("maxAttempts = 0");
  }

  @Test
  void aFirstWaitLongerThanTheDefaultLongestIsReportedOnTheRetry() {
    JavaFileObject source =
        source(
            "Projection",
            "class Projection {",
            "  @Subscribe(durable = \"users\",",
            "      retry = @Retry(backoffMillis = 20000, multiplier = 20))",
            "  void project(UserLoggedIn event) {}",
            "}");
    Compilation compilation = compile(source);
    error(
            compilation,
            "InvalidRetry",
            "@Retry(maxBackoffMillis = 10000) on project(UserLoggedIn) is out of range: it must be"
                + " between the first wait (20000 ms) and 3600000 ms (one hour)")
        .inFile(source)
        .onLineContaining("retry = @Retry(backoffMillis = 20000");
    error(
            compilation,
            "InvalidRetry",
            "@Retry(multiplier = 20.0) on project(UserLoggedIn) is out of range: it must be between 1"
                + " and 10")
        .inFile(source)
        .onLineContaining("multiplier = 20");
  }
}
