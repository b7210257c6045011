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

  /**
   * Makes a checker.
   *
   * @param environment the processing environment
   * @return a checker for {@code environment}; it finds nothing when the compiler is not javac
   */
  public static LocalClassHandlers create(ProcessingEnvironment environment) {
    try {
      return new LocalClassHandlers(Trees.instance(environment));
    } catch (IllegalArgumentException notJavac) {
      return new LocalClassHandlers(null);
    }
  }

  /**
   * Finds {@code @Subscribe} methods in local and anonymous classes.
   *
   * @param roots the round's root elements; each file they come from is read once per compilation
   * @return every such handler in the files of {@code roots} not checked before, reported on its
   *     syntax tree
   */
  public Report check(Set<? extends Element> roots) {
    Report report = new Report();
    if (trees == null) {
      return report;
    }
    for (Element root : roots) {
      TreePath path = trees.getPath(root);
      if (path != null && scanned.add(path.getCompilationUnit())) {
        new Scanner(path.getCompilationUnit(), report).scan(path.getCompilationUnit(), null);
      }
    }
    return report;
  }

  private final class Scanner extends TreePathScanner<Void, Void> {
    private final CompilationUnitTree unit;
    private final Report report;
    private final boolean importsSubscribe;

    Scanner(CompilationUnitTree unit, Report report) {
      this.unit = unit;
      this.report = report;
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
      report.addOnTree(
          Diagnostic.LOCAL_LISTENER,
          (kind, message) -> trees.printMessage(kind, message, method, unit),
          method.getName() + parameters,
          where,
          firstParameter);
    }
  }
}
