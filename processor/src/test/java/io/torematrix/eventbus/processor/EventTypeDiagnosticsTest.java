package io.torematrix.eventbus.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.torematrix.eventbus.processor.TestSources.compile;
import static io.torematrix.eventbus.processor.TestSources.source;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Each build-time check of {@code @Event} types: the message, and the line it points at. */
class EventTypeDiagnosticsTest {

  @Test
  void enumEventIsRejected() {
    JavaFileObject source = source("Color", "@Event", "enum Color { RED, GREEN }");
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining(
            "[EventBus.EnumEvent] @Event is on enum Color. An event is a fact with its own data,"
                + " published and stored one instance at a time, while enum constants are shared"
                + " singletons. Carry the value in a record, such as record ColorChanged(Color"
                + " value).")
        .inFile(source)
        .onLineContaining("enum Color");
  }

  @Test
  void annotationTypeEventIsRejected() {
    JavaFileObject source = source("Marker", "@Event", "@interface Marker {}");
    assertThat(compile(source))
        .hadErrorContaining("[EventBus.EventKind] @Event is on annotation type Marker.")
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
    assertThat(compile(source))
        .hadErrorContaining(
            "[EventBus.NonFinalEvent] @Event class OrderPlaced is not final. The bus recognises"
                + " events by their exact class, so an instance of a subclass would be refused."
                + " Make the class final, make it a record, or make it an interface to describe a"
                + " family of events.")
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
    assertThat(compile(source))
        .hadErrorContaining(
            "[EventBus.MutableEvent] @Event class OrderPlaced has non-final field quantity. Events"
                + " are shared by every handler and stored as published, so they must not change"
                + " afterwards. Make the field final, or make OrderPlaced a record.")
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
    assertThat(compile(source))
        .hadErrorContaining(
            "[EventBus.MutableEvent] @Event class OrderPlaced inherits non-final field Base.note.")
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
    assertThat(compile(source))
        .hadErrorContaining(
            "[EventBus.InnerClassEvent] @Event class Inner is an inner class. Each instance would"
                + " hold a hidden reference to its enclosing object, shared with every handler and"
                + " stored with the event. Make it static.")
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
    assertThat(compile(source))
        .hadErrorContaining(
            "[EventBus.InaccessibleEvent] @Event type Hidden is private. The generated index names"
                + " every event type from its package, and cannot reach it. Make it a"
                + " package-private or public top-level or static nested type.")
        .inFile(source)
        .onLineContaining("private record Hidden");
  }

  @Test
  void genericEventIsRejected() {
    JavaFileObject source = source("Wrapped", "@Event", "record Wrapped<T>(T value) {}");
    assertThat(compile(source))
        .hadErrorContaining(
            "[EventBus.GenericEvent] @Event type Wrapped declares type parameters. Type arguments"
                + " are erased at run time and stored events carry none, so events of different"
                + " arguments could not be told apart. Remove the type parameters, or declare one"
                + " event type per argument.")
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
    assertThat(compile(source))
        .hadErrorContaining(
            "[EventBus.InvalidEventName] @Event(name = \"user logged in\") is not a valid event"
                + " name: ' ' is not allowed. Names are dot-separated tokens of ASCII letters,"
                + " digits, '-' and '_', each starting with a letter or digit, so that they can"
                + " also serve as topics. Write a name such as \"user.logged-in\".")
        .inFile(source)
        .onLineContaining("name = \"user logged in\"");
  }

  @Test
  void invalidDefaultNameIsExplained() {
    JavaFileObject source = source("Café", "@Event", "record Café(String id) {}");
    assertThat(compile(source))
        .hadErrorContaining(
            "[EventBus.InvalidEventName] @Event type Café has no name, and its default name"
                + " \"test.Café\" (the canonical class name) is invalid: 'é' is not allowed.")
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
    assertThat(compile(source))
        .hadErrorContaining(
            "[EventBus.InvalidEventVersion] @Event(version = 0) is not a valid version. Versions"
                + " start at 1 and grow with each incompatible change, so that stored events of"
                + " older versions can be upcast. Use version = 1 for a new type.")
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
    assertThat(compile(source))
        .hadErrorContaining(
            "[EventBus.InvalidTopic] @Event(topic = \"orders.*\") is not a valid topic: '*' is a"
                + " wildcard, allowed in subscription patterns only. A default topic names where"
                + " events are published, so it is concrete: tokens separated by dots, without"
                + " wildcards. Write a topic such as \"users.login\".")
        .inFile(source)
        .onLineContaining("topic = \"orders.*\"");
  }

  @Test
  void duplicateNameInTheModuleIsRejected() {
    JavaFileObject first = source("First", "@Event(name = \"same\")", "record First(String id) {}");
    JavaFileObject second =
        source("Second", "@Event(name = \"same\")", "record Second(String id) {}");
    assertThat(compile(first, second))
        .hadErrorContaining(
            "[EventBus.DuplicateEventName] @Event name \"same\" of Second is already the name of"
                + " test.First. Stored and exchanged events are identified by name, so the two"
                + " types could not be told apart. Give one of them another name.")
        .inFile(second)
        .onLineContaining("@Event(name = \"same\")");
  }

  @Test
  void typeWithErrorsGetsNoGeneratedCode() throws Exception {
    JavaFileObject valid = source("Fine", "@Event(name = \"fine\")", "record Fine(String id) {}");
    JavaFileObject invalid = source("Wrapped", "@Event", "record Wrapped<T>(T value) {}");
    List<String> generated = TestSources.generatedDespiteErrors(valid, invalid);
    assertTrue(generated.stream().noneMatch(f -> f.contains("Wrapped")), generated::toString);
    String index =
        Files.readString(
            Path.of(generated.stream().filter(f -> f.contains("EventBusIndex_")).findFirst().orElseThrow()));
    assertTrue(index.contains("Fine.class") && !index.contains("Wrapped"), index);
  }
}
