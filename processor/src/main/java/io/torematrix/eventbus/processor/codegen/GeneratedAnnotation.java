package io.torematrix.eventbus.processor.codegen;

import com.palantir.javapoet.AnnotationSpec;
import com.sun.source.tree.ModuleTree;
import com.sun.source.tree.RequiresTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.ModuleElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * The {@code @Generated} annotation for a generated type, when the code can use it: {@code
 * javax.annotation.processing.Generated} lives in module {@code java.compiler}, which a named
 * module must read for the annotation to compile.
 *
 * <p>Whether a named module reads it is learnt from the {@code requires} of its {@code
 * module-info.java} as written (javac's syntax tree), never from {@link
 * ModuleElement#getDirectives()}: on JDK 17 asking for the directives resolves the module's {@code
 * provides} clauses before the generated index they name exists, and javac then rejects the
 * module ("the service implementation does not have a default constructor", JDK-8305225, fixed in
 * JDK 21). A module that reads {@code java.compiler} only through another module, or a compiler
 * other than javac, gets no {@code @Generated}.
 */
public final class GeneratedAnnotation {
  static final String PROCESSOR = "io.torematrix.eventbus.processor.EventBusProcessor";

  /** Modules whose {@code requires} bring {@code java.compiler}: itself, and {@code java.se}. */
  private static final Set<String> BRING_JAVA_COMPILER = Set.of("java.compiler", "java.se");

  private final Elements elements;
  private final Trees trees;

  /**
   * Decides, for this compilation, where {@code @Generated} can be put.
   *
   * @param environment the processing environment
   */
  public GeneratedAnnotation(ProcessingEnvironment environment) {
    this.elements = environment.getElementUtils();
    this.trees = trees(environment);
  }

  private static Trees trees(ProcessingEnvironment environment) {
    try {
      return Trees.instance(environment);
    } catch (IllegalArgumentException notJavac) {
      return null;
    }
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

  private boolean readsJavaCompiler(ModuleElement module) {
    TreePath path = trees == null ? null : trees.getPath(module);
    if (path == null || !(path.getLeaf() instanceof ModuleTree declaration)) {
      return false;
    }
    return declaration.getDirectives().stream()
        .anyMatch(
            d ->
                d instanceof RequiresTree requires
                    && BRING_JAVA_COMPILER.contains(requires.getModuleName().toString()));
  }
}
