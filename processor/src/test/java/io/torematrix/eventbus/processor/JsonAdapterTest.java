package io.torematrix.eventbus.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static io.torematrix.eventbus.processor.ExpectedDiagnostics.note;
import static io.torematrix.eventbus.processor.TestSources.compile;
import static io.torematrix.eventbus.processor.TestSources.source;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The JSON adapters generated for event types, and the warning for types they cannot cover. */
@ExtendWith(ExpectedDiagnostics.class)
class JsonAdapterTest {
  private static final JavaFileObject SHIPMENT =
      JavaFileObjects.forSourceLines(
          "test.Shipment",
            "package test;",
            "",
            "import io.torematrix.eventbus.annotation.Event;",
            "import java.math.BigDecimal;",
            "import java.time.Instant;",
            "import java.util.List;",
            "import java.util.Map;",
            "import java.util.Optional;",
            "import java.util.Set;",
            "import java.util.UUID;",
            "",
            "@Event(name = \"shipment\")",
            "public record Shipment(",
            "    UUID id,",
            "    int parcels,",
            "    double weight,",
            "    float share,",
            "    boolean fragile,",
            "    char grade,",
            "    Instant sentAt,",
            "    BigDecimal price,",
            "    Status status,",
            "    List<Item> items,",
            "    Set<String> tags,",
            "    Map<String, List<Integer>> slots,",
            "    Optional<String> note,",
            "    Address address) {",
            "",
            "  public enum Status { NEW, SENT }",
            "",
            "  public record Item(String sku, long count) {}",
            "}");

  private static final JavaFileObject ADDRESS =
      JavaFileObjects.forSourceLines(
          "test.Address",
            "package test;",
            "",
            "public final class Address {",
            "  private final String street;",
            "  final int number;",
            "",
            "  public Address(String street, int number) {",
            "    this.street = street;",
            "    this.number = number;",
            "  }",
            "",
            "  public String getStreet() {",
            "    return street;",
            "  }",
            "}");

  @Test
  void everySupportedPropertyTypeIsWrittenAndReadByGeneratedCode() {
    Compilation compilation = compile(SHIPMENT, ADDRESS);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("test.Shipment_JsonAdapter")
        .hasSourceEquivalentTo(
            JavaFileObjects.forResource("goldens/JsonAdapterTest/Shipment_JsonAdapter.java"));
    assertThat(compilation)
        .generatedSourceFile("test.Address_JsonAdapter")
        .hasSourceEquivalentTo(
            JavaFileObjects.forResource("goldens/JsonAdapterTest/Address_JsonAdapter.java"));
    assertThat(compilation).generatedSourceFile("test.Shipment_Item_JsonAdapter");
  }

  @Test
  void anEventHoldingATypeTheCodecCannotWriteIsANoteAndGetsNoAdapter() {
    JavaFileObject source =
        source(
            "Uploaded",
            "@Event(name = \"uploaded\")",
            "record Uploaded(String name, java.io.File file) {}");
    Compilation compilation = compile(source);
    assertThat(compilation).succeeded();
    note(
            compilation,
            "NotSerializable",
            "@Event type Uploaded cannot be stored: property file of Uploaded has type"
                + " File, which the JSON codec does not handle")
        .inFile(source)
        .onLineContaining("record Uploaded");
    String index =
        TestSources.generatedCode(compilation).stream()
            .filter(code -> code.contains("class EventBusIndex "))
            .findFirst()
            .orElseThrow();
    assertTrue(
        index.contains("EventTypeInfo.of(Uploaded.class, \"uploaded\", 1, \"uploaded\"),"),
        "listed without a JSON adapter: " + index);
    assertTrue(
        TestSources.generatedCode(compilation).stream().noneMatch(c -> c.contains("Uploaded_JsonAdapter")));
  }

  @Test
  void anOptionalOfAnOptionalIsANoteBecauseJsonCannotTellItsEmptyFormsApart() {
    JavaFileObject source =
        source(
            "Maybe",
            "@Event(name = \"maybe\")",
            "record Maybe(java.util.Optional<java.util.Optional<String>> answer) {}");
    Compilation compilation = compile(source);
    assertThat(compilation).succeeded();
    note(
            compilation,
            "NotSerializable",
            "@Event type Maybe cannot be stored: property answer of Maybe has type"
                + " Optional<Optional<String>>, an Optional of an Optional, whose two empty forms JSON"
                + " cannot tell apart")
        .inFile(source)
        .onLineContaining("record Maybe");
  }

  @Test
  void theNoteNeverFailsAWerrorBuild() {
    // An event the codec cannot write is no mistake on a bus without a store (a URI, an int[]):
    // a warning would fail every -Werror build that has one.
    JavaFileObject source =
        source(
            "PageViewed",
            "@Event(name = \"page-viewed\")",
            "record PageViewed(java.net.URI page, int[] scrollDepths) {}");
    Compilation compilation =
        javac()
            .withProcessors(new EventBusProcessor(), new AnnotationClaimer())
            .withOptions("-Xlint:all", "-Werror")
            .compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).hadNoteContaining("[EventBus.NotSerializable] @Event type PageViewed");
  }

  @Test
  void theNoteCanBeSilenced() {
    JavaFileObject source =
        source(
            "Uploaded",
            "@Event(name = \"uploaded\")",
            "@SuppressWarnings(\"EventBus.NotSerializable\")",
            "record Uploaded(String name, java.io.File file) {}");
    Compilation compilation = compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    assertTrue(
        compilation.notes().stream()
            .noneMatch(n -> n.getMessage(java.util.Locale.ROOT).contains("NotSerializable")),
        () -> compilation.notes().toString());
  }
}
