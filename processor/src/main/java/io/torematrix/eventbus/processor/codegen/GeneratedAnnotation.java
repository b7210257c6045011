package io.torematrix.eventbus.processor.codegen;

import com.palantir.javapoet.AnnotationSpec;
import java.util.Optional;
import javax.lang.model.element.ModuleElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * The {@code @Generated} annotation for a generated type, when the code can use it: {@code
 * javax.annotation.processing.Generated} lives in module {@code java.compiler}, which a named
 * module must read for the annotation to compile.
 */
public final class GeneratedAnnotation {
  static final String PROCESSOR = "io.torematrix.eventbus.processor.EventBusProcessor";

  private final Elements elements;

  public GeneratedAnnotation(Elements elements) {
    this.elements = elements;
  }

  /** {@code @Generated("...EventBusProcessor")} if code beside {@code source} can use it. */
  Optional<AnnotationSpec> forCodeBeside(TypeElement source) {
    if (elements.getTypeElement(RuntimeTypes.GENERATED.canonicalName()) == null) {
      return Optional.empty();
    }
    ModuleElement module = elements.getModuleOf(source);
    if (module != null && !module.isUnnamed() && !readsJavaCompiler(module)) {
      return Optional.empty();
    }
    return Optional.of(
        AnnotationSpec.builder(RuntimeTypes.GENERATED).addMember("value", "$S", PROCESSOR).build());
  }

  private static boolean readsJavaCompiler(ModuleElement module) {
    return ElementFilter.requiresIn(module.getDirectives()).stream()
        .anyMatch(r -> r.getDependency().getQualifiedName().contentEquals("java.compiler"));
  }
}
