package io.torematrix.eventbus.processor.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.torematrix.eventbus.processor.model.EventTypeModel;
import io.torematrix.eventbus.processor.model.MiddlewareModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;

/**
 * Generates the index of one package: the {@code @Event} types and listener dispatchers a round
 * produced there, found at run time through {@link java.util.ServiceLoader}. The index lives in the
 * package so that it can name package-private types; its name is chosen by the caller (see {@code
 * PackageIndexes}), {@code EventBusIndex} unless another index already has that name.
 */
public final class IndexGenerator {
  private final GeneratedAnnotation generated;

  /**
   * A generator of one compilation.
   *
   * @param generated the {@code @Generated} to put on each index, where available
   */
  public IndexGenerator(GeneratedAnnotation generated) {
    this.generated = generated;
  }

  /** The entries of one package's index, named {@code simpleName}; some lists may be empty, not all. */
  public record PackageIndex(
      String packageName,
      String simpleName,
      List<EventTypeModel> events,
      List<TypeElement> listeners,
      List<MiddlewareModel> middleware) {

    /** {@return the index's qualified name} */
    public ClassName className() {
      return ClassName.get(packageName, simpleName);
    }
  }

  /**
   * Writes a package's index.
   *
   * @param index the package's entries and the index's name
   * @return the index class, its entries sorted by name so that the output does not depend on the
   *     order of rounds
   */
  public TypeSpec generate(PackageIndex index) {
    List<EventTypeModel> events = new ArrayList<>(index.events());
    events.sort(Comparator.comparing(e -> e.element().getQualifiedName().toString()));
    List<TypeElement> listeners = new ArrayList<>(index.listeners());
    listeners.sort(Comparator.comparing(l -> l.getQualifiedName().toString()));
    List<MiddlewareModel> middleware = new ArrayList<>(index.middleware());
    middleware.sort(Comparator.comparing(m -> m.type().getQualifiedName().toString()));

    TypeSpec.Builder type =
        TypeSpec.classBuilder(index.className())
            .addJavadoc(
                "The {@code @Event} types, listener dispatchers and middleware of package {@code $L}.\n",
                index.packageName().isEmpty() ? "(unnamed)" : index.packageName())
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addSuperinterface(RuntimeTypes.EVENT_BUS_INDEX)
            .addMethod(eventTypes(events))
            .addMethod(dispatchers(listeners));
    if (!middleware.isEmpty()) {
      type.addMethod(middleware(middleware));
    }
    events.forEach(e -> type.addOriginatingElement(e.element()));
    listeners.forEach(type::addOriginatingElement);
    middleware.forEach(m -> type.addOriginatingElement(m.type()));
    TypeElement anySource =
        !events.isEmpty()
            ? events.get(0).element()
            : !listeners.isEmpty() ? listeners.get(0) : middleware.get(0).type();
    generated.forCodeBeside(anySource).ifPresent(type::addAnnotation);
    return type.build();
  }

  private MethodSpec eventTypes(List<EventTypeModel> events) {
    CodeBlock entries =
        events.stream()
            .map(
                e -> {
                  CodeBlock.Builder entry =
                      CodeBlock.builder()
                          .add(
                              "$T.of($T.class, $S, $L, $S",
                              RuntimeTypes.EVENT_TYPE_INFO,
                              ClassName.get(e.element()),
                              e.name(),
                              e.version(),
                              e.defaultTopic());
                  e.supertypes().forEach(s -> entry.add(", $T.class", ClassName.get(s)));
                  entry.add(")");
                  if (e.hasJsonAdapter()) {
                    entry.add(
                        "\n    .json($T.INSTANCE)", JsonAdapterGenerator.adapterName(e.element()));
                  }
                  return entry.build();
                })
            .collect(CodeBlock.joining(",\n"));
    return listMethod("eventTypes", RuntimeTypes.EVENT_TYPE_INFO, entries);
  }

  private MethodSpec dispatchers(List<TypeElement> listeners) {
    CodeBlock entries =
        listeners.stream()
            .map(l -> CodeBlock.of("new $T()", DispatcherGenerator.dispatcherName(l)))
            .collect(CodeBlock.joining(",\n"));
    return listMethod("dispatchers", RuntimeTypes.LISTENER_DISPATCHER, entries);
  }

  private MethodSpec middleware(List<MiddlewareModel> middleware) {
    CodeBlock entries =
        middleware.stream()
            .map(
                m ->
                    CodeBlock.of(
                        "$T.of($T.class, $L, $T::$L, $T.of($L), $T.of($L))",
                        RuntimeTypes.MIDDLEWARE_INFO,
                        ClassName.get(m.type()),
                        m.order(),
                        ClassName.get(m.type()),
                        m.constructor() != null ? "new" : "create",
                        List.class,
                        m.events().stream()
                            .map(e -> CodeBlock.of("$T.class", TypeName.get(e.type())))
                            .collect(CodeBlock.joining(", ")),
                        List.class,
                        m.topics().stream()
                            .map(t -> CodeBlock.of("$S", t.text()))
                            .collect(CodeBlock.joining(", "))))
            .collect(CodeBlock.joining(",\n"));
    return listMethod("middleware", RuntimeTypes.MIDDLEWARE_INFO, entries);
  }

  private static MethodSpec listMethod(String name, ClassName element, CodeBlock entries) {
    MethodSpec.Builder method =
        MethodSpec.methodBuilder(name)
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(ParameterizedTypeName.get(ClassName.get(List.class), element));
    if (entries.isEmpty()) {
      return method.addStatement("return $T.of()", List.class).build();
    }
    return method
        .addStatement("return $T.of(\n$L)", List.class, entries)
        .build();
  }
}
