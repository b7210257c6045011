package io.torematrix.eventbus.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.torematrix.eventbus.processor.ExpectedDiagnostics.error;
import static io.torematrix.eventbus.processor.TestSources.compile;
import static io.torematrix.eventbus.processor.TestSources.source;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Each build-time check of {@code @Event} types: the message, and the line it points at. */
@ExtendWith(ExpectedDiagnostics.class)
class EventTypeDiagnosticsTest {

  @Test
  void enumEventIsRejected() {
    JavaFileObject source = source("Color", "@Event", "enum Color { RED, GREEN }");
    Compilation compilation = compile(source);
    error(compilation, "EnumEvent", "@Event is on enum Color")
        .inFile(source)
        .onLineContaining("enum Color");
  }

  @Test
  void annotationTypeEventIsRejected() {
    JavaFileObject source = source("Marker", "@Event", "@interface Marker {}");
    error(compile(source), "EventKind", "@Event is on annotation type Marker")
        .inFile(source)
        .onLineContaining("@interface Marker");
  }

  @Test
  void nonFinalEventClassIsRejected() {
    JavaFileObject source =
        source(
            "OrderPlaced",
            "@Event",
            "class OrderPlaced {",
            "  final String id = \"x\";",
            "}");
    error(compile(source), "NonFinalEvent", "@Event class OrderPlaced is not final")
        .inFile(source)
        .onLineContaining("class OrderPlaced");
  }

  @Test
  void mutableFieldIsRejectedOnTheField() {
    JavaFileObject source =
        source(
            "OrderPlaced",
            "@Event",
            "final class OrderPlaced {",
            "  final String id = \"x\";",
            "  int quantity;",
            "}");
    error(compile(source), "MutableEvent", "@Event class OrderPlaced has non-final field quantity")
        .inFile(source)
        .onLineContaining("int quantity;");
  }

  @Test
  void inheritedMutableFieldIsRejected() {
    JavaFileObject source =
        source(
            "OrderPlaced",
            "abstract class Base {",
            "  String note;",
            "}",
            "@Event",
            "final class OrderPlaced extends Base {}");
    error(
            compile(source),
            "MutableEvent",
            "@Event class OrderPlaced inherits non-final field Base.note")
        .inFile(source)
        .onLineContaining("final class OrderPlaced");
  }

  @Test
  void innerClassEventIsRejected() {
    JavaFileObject source =
        source(
            "Outer",
            "class Outer {",
            "  @Event",
            "  final class Inner {}",
            "}");
    error(compile(source), "InnerClassEvent", "@Event class Inner is an inner class")
        .inFile(source)
        .onLineContaining("final class Inner");
  }

  @Test
  void privateNestedEventIsRejected() {
    JavaFileObject source =
        source(
            "Outer",
            "class Outer {",
            "  @Event",
            "  private record Hidden(String id) {}",
            "}");
    error(compile(source), "InaccessibleEvent", "@Event type Hidden is private")
        .inFile(source)
        .onLineContaining("private record Hidden");
  }

  @Test
  void genericEventIsRejected() {
    JavaFileObject source = source("Wrapped", "@Event", "record Wrapped<T>(T value) {}");
    error(compile(source), "GenericEvent", "@Event type Wrapped declares type parameters")
        .inFile(source)
        .onLineContaining("record Wrapped");
  }

  @Test
  void invalidNameIsReportedOnTheNameValue() {
    JavaFileObject source =
        source(
            "Renamed",
            "@Event(",
            "    version = 2,",
            "    name = \"user logged in\")",
            "record Renamed(String id) {}");
    error(
            compile(source),
            "InvalidEventName",
            "@Event(name = \"user logged in\") is not a valid event name: ' ' is not"
                + " allowed")
        .inFile(source)
        .onLineContaining("name = \"user logged in\"");
  }

  @Test
  void invalidDefaultNameIsExplained() {
    JavaFileObject source = source("Café", "@Event", "record Café(String id) {}");
    error(
            compile(source),
            "InvalidEventName",
            "@Event type Café has no name, and its default name \"test.Café\" is"
                + " invalid: 'é' is not allowed")
        .inFile(source)
        .onLineContaining("record Café");
  }

  @Test
  void versionBelowOneIsReportedOnTheVersionValue() {
    JavaFileObject source =
        source(
            "Versioned",
            "@Event(",
            "    name = \"versioned\",",
            "    version = 0)",
            "record Versioned(String id) {}");
    error(compile(source), "InvalidEventVersion", "@Event(version = 0) is not a valid version")
        .inFile(source)
        .onLineContaining("version = 0");
  }

  @Test
  void wildcardDefaultTopicIsReportedOnTheTopicValue() {
    JavaFileObject source =
        source(
            "Routed",
            "@Event(",
            "    name = \"routed\",",
            "    topic = \"orders.*\")",
            "record Routed(String id) {}");
    error(
            compile(source),
            "InvalidTopic",
            "@Event(topic = \"orders.*\") is not a valid topic: '*' is a wildcard, allowed"
                + " in subscription patterns only")
        .inFile(source)
        .onLineContaining("topic = \"orders.*\"");
  }

  @Test
  void duplicateNameInTheModuleIsRejected() {
    JavaFileObject first = source("First", "@Event(name = \"same\")", "record First(String id) {}");
    JavaFileObject second =
        source("Second", "@Event(name = \"same\")", "record Second(String id) {}");
    error(
            compile(first, second),
            "DuplicateEventName",
            "@Event name \"same\" of Second is already the name of test.First")
        .inFile(second)
        .onLineContaining("@Event(name = \"same\")");
  }

  @Test
  void typeWithErrorsGetsNoGeneratedCode(@TempDir Path output) throws Exception {
    JavaFileObject valid = source("Fine", "@Event(name = \"fine\")", "record Fine(String id) {}");
    JavaFileObject invalid = source("Wrapped", "@Event", "record Wrapped<T>(T value) {}");
    List<String> generated = TestSources.generatedDespiteErrors(output, valid, invalid);
    assertTrue(generated.stream().noneMatch(f -> f.contains("Wrapped")), generated::toString);
    String index =
        Files.readString(
            Path.of(generated.stream().filter(f -> f.endsWith("EventBusIndex.java")).findFirst().orElseThrow()));
    assertTrue(index.contains("Fine.class") && !index.contains("Wrapped"), index);
  }
}
