package io.torematrix.eventbus.processor.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.torematrix.eventbus.processor.model.JsonTypeModel;
import io.torematrix.eventbus.processor.model.JsonTypeModel.Property;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.PrimitiveType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * Generates {@code Type_JsonAdapter}: writes a record or final class as a JSON object, property by
 * property in declaration order, and reads it back through its constructor, ignoring unknown
 * members; a missing member reads as zero, {@code false}, an empty {@code Optional} or {@code
 * null}.
 */
public final class JsonAdapterGenerator {
  private static final ClassName ADAPTER = ClassName.get("io.torematrix.eventbus.codec", "JsonAdapter");
  private static final ClassName ADAPTERS = ClassName.get("io.torematrix.eventbus.codec", "JsonAdapters");
  private static final ClassName WRITER = ClassName.get("io.torematrix.eventbus.codec", "JsonWriter");
  private static final ClassName READER = ClassName.get("io.torematrix.eventbus.codec", "JsonReader");
  private static final Set<String> PARAMETER_NAMES = Set.of("writer", "reader", "value");
  private static final Map<String, String> CONSTANTS =
      Map.ofEntries(
          Map.entry("java.lang.String", "STRING"),
          Map.entry("java.lang.Boolean", "BOOLEAN"),
          Map.entry("java.lang.Integer", "INTEGER"),
          Map.entry("java.lang.Long", "LONG"),
          Map.entry("java.lang.Short", "SHORT"),
          Map.entry("java.lang.Byte", "BYTE"),
          Map.entry("java.lang.Double", "DOUBLE"),
          Map.entry("java.lang.Float", "FLOAT"),
          Map.entry("java.lang.Character", "CHARACTER"),
          Map.entry("java.math.BigDecimal", "BIG_DECIMAL"),
          Map.entry("java.math.BigInteger", "BIG_INTEGER"),
          Map.entry("java.util.UUID", "UUID_ADAPTER"),
          Map.entry("java.time.Instant", "INSTANT"),
          Map.entry("java.time.LocalDate", "LOCAL_DATE"),
          Map.entry("java.time.LocalTime", "LOCAL_TIME"),
          Map.entry("java.time.LocalDateTime", "LOCAL_DATE_TIME"),
          Map.entry("java.time.OffsetDateTime", "OFFSET_DATE_TIME"),
          Map.entry("java.time.ZonedDateTime", "ZONED_DATE_TIME"),
          Map.entry("java.time.Duration", "DURATION"));
  private static final Map<String, String> CONTAINER_FACTORIES =
      Map.of(
          "java.util.List", "listOf",
          "java.util.Set", "setOf",
          "java.util.Map", "mapOf",
          "java.util.Optional", "optionalOf");

  private final Types types;
  private final GeneratedAnnotation generated;

  /**
   * A generator of one compilation.
   *
   * @param types the processing environment's type utilities
   * @param generated the {@code @Generated} to put on each adapter, where available
   */
  public JsonAdapterGenerator(Types types, GeneratedAnnotation generated) {
    this.types = types;
    this.generated = generated;
  }

  /**
   * Names a type's JSON adapter.
   *
   * @param type an event type, or a type it holds
   * @return the adapter's name, beside the type: {@code Outer_Inner_JsonAdapter}
   */
  public static ClassName adapterName(TypeElement type) {
    ClassName name = ClassName.get(type);
    return ClassName.get(name.packageName(), String.join("_", name.simpleNames()) + "_JsonAdapter");
  }

  /**
   * Writes a type's JSON adapter.
   *
   * @param model the type and its components, as {@link
   *     io.torematrix.eventbus.processor.model.JsonModels} found them
   * @return the adapter class, which writes and reads the type without reflection
   */
  public TypeSpec generate(JsonTypeModel model) {
    ClassName adapterName = adapterName(model.type());
    TypeName typeName = ClassName.get(model.type());
    TypeSpec.Builder adapter =
        TypeSpec.classBuilder(adapterName)
            .addJavadoc("Writes {@link $T} as JSON and reads it back, without reflection.\n", typeName)
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addSuperinterface(ParameterizedTypeName.get(ADAPTER, typeName))
            .addOriginatingElement(model.type())
            .addField(
                FieldSpec.builder(adapterName, "INSTANCE", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                    .addJavadoc("The adapter; it holds no state.\n")
                    .initializer("new $T()", adapterName)
                    .build());
    Set<String> fieldNames = new HashSet<>();
    Map<Property, CodeBlock> adapters = new LinkedHashMap<>();
    for (Property property : model.properties()) {
      if (property.type().getKind().isPrimitive()) {
        continue;
      }
      CodeBlock expression = adapterExpression(property.type());
      if (!isComposite(property.type())) {
        adapters.put(property, expression);
        continue;
      }
      String field = uniqueField(property.name(), fieldNames);
      adapter.addField(
          FieldSpec.builder(
                  ParameterizedTypeName.get(ADAPTER, TypeName.get(property.type())),
                  field,
                  Modifier.PRIVATE,
                  Modifier.STATIC,
                  Modifier.FINAL)
              .initializer(expression)
              .build());
      adapters.put(property, CodeBlock.of("$N", field));
    }
    adapter.addMethod(
        MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    adapter.addMethod(write(model, typeName, adapters));
    adapter.addMethod(read(model, typeName, adapters));
    generated.forCodeBeside(model.type()).ifPresent(adapter::addAnnotation);
    return adapter.build();
  }

  /** Whether the adapter of {@code type} is built by a factory, once, into a field. */
  private static boolean isComposite(TypeMirror type) {
    if (type.getKind() != TypeKind.DECLARED) {
      return false;
    }
    TypeElement element = (TypeElement) ((DeclaredType) type).asElement();
    return element.getKind() == ElementKind.ENUM
        || CONTAINER_FACTORIES.containsKey(element.getQualifiedName().toString());
  }

  private MethodSpec write(JsonTypeModel model, TypeName typeName, Map<Property, CodeBlock> adapters) {
    MethodSpec.Builder write =
        MethodSpec.methodBuilder("write")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .addParameter(WRITER, "writer")
            .addParameter(typeName, "value")
            .beginControlFlow("if (value == null)")
            .addStatement("writer.nullValue()")
            .addStatement("return")
            .endControlFlow()
            .addStatement("writer.beginObject()");
    for (Property property : model.properties()) {
      write.addStatement("writer.name($S)", property.name());
      String read = "value." + property.access();
      TypeKind kind = property.type().getKind();
      if (kind == TypeKind.CHAR) {
        write.addStatement("writer.value($T.valueOf($L))", String.class, read);
      } else if (kind.isPrimitive()) {
        write.addStatement("writer.value($L)", read);
      } else {
        write.addStatement("$L.write(writer, $L)", adapters.get(property), read);
      }
    }
    return write.addStatement("writer.endObject()").build();
  }

  private MethodSpec read(JsonTypeModel model, TypeName typeName, Map<Property, CodeBlock> adapters) {
    MethodSpec.Builder read =
        MethodSpec.methodBuilder("read")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(typeName)
            .addParameter(READER, "reader")
            .beginControlFlow("if (reader.nextIsNull())")
            .addStatement("return null")
            .endControlFlow();
    for (Property property : model.properties()) {
      read.addStatement(
          "$T $L = $L", TypeName.get(property.type()), local(property), defaultValue(property.type()));
    }
    read.addStatement("reader.beginObject()").beginControlFlow("while (reader.hasNext())");
    read.beginControlFlow("switch (reader.nextName())");
    for (Property property : model.properties()) {
      read.addStatement("case $S -> $L = $L", property.name(), local(property), readExpression(property, adapters));
    }
    read.addStatement("default -> reader.skipValue()");
    read.endControlFlow().endControlFlow().addStatement("reader.endObject()");
    read.addStatement(
        "return new $T($L)",
        typeName,
        model.properties().stream().map(p -> CodeBlock.of("$L", local(p))).collect(CodeBlock.joining(", ")));
    return read.build();
  }

  private static CodeBlock readExpression(Property property, Map<Property, CodeBlock> adapters) {
    return switch (property.type().getKind()) {
      case BOOLEAN -> CodeBlock.of("reader.nextBoolean()");
      case INT -> CodeBlock.of("reader.nextInt()");
      case LONG -> CodeBlock.of("reader.nextLong()");
      case DOUBLE -> CodeBlock.of("reader.nextDouble()");
      case FLOAT -> CodeBlock.of("reader.nextFloat()");
      case SHORT -> CodeBlock.of("$T.nextShort(reader)", ADAPTERS);
      case BYTE -> CodeBlock.of("$T.nextByte(reader)", ADAPTERS);
      case CHAR -> CodeBlock.of("$T.nextChar(reader)", ADAPTERS);
      default -> CodeBlock.of("$L.read(reader)", adapters.get(property));
    };
  }

  /** The value of a property missing from the JSON: zero, false, an empty optional, or null. */
  private static CodeBlock defaultValue(TypeMirror type) {
    return switch (type.getKind()) {
      case BOOLEAN -> CodeBlock.of("false");
      case INT, SHORT, BYTE -> CodeBlock.of("0");
      case LONG -> CodeBlock.of("0L");
      case DOUBLE -> CodeBlock.of("0.0");
      case FLOAT -> CodeBlock.of("0.0f");
      case CHAR -> CodeBlock.of("'\\0'");
      default ->
          isOptional(type) ? CodeBlock.of("$T.empty()", Optional.class) : CodeBlock.of("null");
    };
  }

  private static boolean isOptional(TypeMirror type) {
    return type.getKind() == TypeKind.DECLARED
        && ((TypeElement) ((DeclaredType) type).asElement())
            .getQualifiedName()
            .contentEquals("java.util.Optional");
  }

  private static String local(Property property) {
    return PARAMETER_NAMES.contains(property.name()) ? property.name() + "Value" : property.name();
  }

  private static String uniqueField(String property, Set<String> taken) {
    String base =
        property.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT) + "_ADAPTER";
    String name = base;
    for (int i = 2; !taken.add(name); i++) {
      name = base + i;
    }
    return name;
  }

  /** The expression of the adapter of {@code type}, a type {@code JsonModels} accepted. */
  CodeBlock adapterExpression(TypeMirror type) {
    if (type.getKind() == TypeKind.ARRAY) {
      return CodeBlock.of("$T.BYTES", ADAPTERS);
    }
    if (type.getKind().isPrimitive()) {
      return adapterExpression(types.boxedClass((PrimitiveType) type).asType());
    }
    DeclaredType declared = (DeclaredType) type;
    TypeElement element = (TypeElement) declared.asElement();
    String name = element.getQualifiedName().toString();
    String constant = CONSTANTS.get(name);
    if (constant != null) {
      return CodeBlock.of("$T.$L", ADAPTERS, constant);
    }
    if (element.getKind() == ElementKind.ENUM) {
      return CodeBlock.of("$T.enumOf($T.values())", ADAPTERS, ClassName.get(element));
    }
    String factory = CONTAINER_FACTORIES.get(name);
    if (factory != null) {
      List<? extends TypeMirror> arguments = declared.getTypeArguments();
      return CodeBlock.of(
          "$T.$L($L)", ADAPTERS, factory, adapterExpression(arguments.get(arguments.size() - 1)));
    }
    return CodeBlock.of("$T.INSTANCE", adapterName(element));
  }
}
