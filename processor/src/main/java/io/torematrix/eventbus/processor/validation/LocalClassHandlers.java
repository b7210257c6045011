package io.torematrix.eventbus.processor.validation;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import io.torematrix.eventbus.processor.model.Names;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.stream.Collectors;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic.Kind;

/**
 * Finds {@code @Subscribe} methods in local and anonymous classes. Annotation processing never
 * sees the members of such classes, so without this check a handler in, say, {@code new Object()
 * { @Subscribe void on(E e) {} }} would be silently ignored. Reads the javac syntax trees; under
 * another compiler the check is skipped.
 */
public final class LocalClassHandlers {
  private static final String SIMPLE_NAME = "Subscribe";
  private static final String PACKAGE =
      Names.SUBSCRIBE.substring(0, Names.SUBSCRIBE.lastIndexOf('.'));

  private final Trees trees;
  private final Set<CompilationUnitTree> scanned =
      Collections.newSetFromMap(new IdentityHashMap<>());

  private LocalClassHandlers(Trees trees) {
    this.trees = trees;
  }

  /** A checker for {@code environment}; it does nothing when the compiler is not javac. */
  public static LocalClassHandlers create(ProcessingEnvironment environment) {
    try {
      return new LocalClassHandlers(Trees.instance(environment));
    } catch (IllegalArgumentException notJavac) {
      return new LocalClassHandlers(null);
    }
  }

  /** Reports every such handler in the files of {@code roots} not checked before. */
  public void check(Set<? extends Element> roots) {
    if (trees == null) {
      return;
    }
    for (Element root : roots) {
      TreePath path = trees.getPath(root);
      if (path != null && scanned.add(path.getCompilationUnit())) {
        new Scanner(path.getCompilationUnit()).scan(path.getCompilationUnit(), null);
      }
    }
  }

  private final class Scanner extends TreePathScanner<Void, Void> {
    private final CompilationUnitTree unit;
    private final boolean importsSubscribe;

    Scanner(CompilationUnitTree unit) {
      this.unit = unit;
      this.importsSubscribe =
          unit.getImports().stream()
              .filter(i -> !i.isStatic())
              .map(ImportTree::getQualifiedIdentifier)
              .map(Tree::toString)
              .anyMatch(name -> name.equals(Names.SUBSCRIBE) || name.equals(PACKAGE + ".*"));
    }

    @Override
    public Void visitClass(ClassTree node, Void unused) {
      Tree parent = getCurrentPath().getParentPath().getLeaf();
      boolean anonymous = parent.getKind() == Tree.Kind.NEW_CLASS;
      boolean local = !anonymous && !(parent instanceof ClassTree) && !(parent instanceof CompilationUnitTree);
      if (anonymous || local) {
        for (Tree member : node.getMembers()) {
          if (member instanceof MethodTree method && isHandler(method)) {
            report(method, anonymous ? "an anonymous class" : "local class " + node.getSimpleName());
          }
        }
      }
      return super.visitClass(node, unused);
    }

    private boolean isHandler(MethodTree method) {
      for (AnnotationTree annotation : method.getModifiers().getAnnotations()) {
        String type = annotation.getAnnotationType().toString();
        if (type.equals(Names.SUBSCRIBE) || (type.equals(SIMPLE_NAME) && importsSubscribe)) {
          return true;
        }
      }
      return false;
    }

    private void report(MethodTree method, String where) {
      String parameters =
          method.getParameters().stream()
              .map(p -> p.getType().toString())
              .collect(Collectors.joining(", ", "(", ")"));
      String firstParameter =
          method.getParameters().isEmpty() ? "SomeEvent" : method.getParameters().get(0).getType().toString();
      trees.printMessage(
          Kind.ERROR,
          "[EventBus.InaccessibleListener] @Subscribe method "
              + method.getName()
              + parameters
              + " is in "
              + where
              + ". The processor generates dispatchers for named classes only (it never sees the"
              + " members of local and anonymous classes), so this handler would never be called."
              + " Move it to a package-private or public top-level or static nested class, or"
              + " subscribe a lambda: bus.subscribe("
              + firstParameter
              + ".class, event -> ...).",
          method,
          unit);
    }
  }
}
