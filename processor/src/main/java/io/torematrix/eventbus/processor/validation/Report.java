package io.torematrix.eventbus.processor.validation;

import io.torematrix.eventbus.processor.validation.Finding.OnElement;
import io.torematrix.eventbus.processor.validation.Finding.OnTree;
import io.torematrix.eventbus.processor.validation.Finding.TreePrinter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.tools.Diagnostic.Kind;

/**
 * The findings of one validation, each made from a {@link Diagnostic} of the catalogue. A type
 * whose report has errors gets no generated code.
 *
 * <p>Two rules hold for every warning and note: it is dropped when {@code
 * @SuppressWarnings("EventBus.Id")} is on its element or an enclosing one, and it is not printed on
 * a member (a method, its parameters, a field, or a type itself) that already has an error, since a
 * warning stacked on an error only hides it.
 */
public final class Report {
  private final List<Finding> findings = new ArrayList<>();

  /**
   * Reports a diagnostic on an element; a warning or note suppressed there is dropped.
   *
   * @param diagnostic what is wrong
   * @param element where
   * @param arguments the values of the diagnostic's placeholders, in order
   */
  public void add(Diagnostic diagnostic, Element element, Object... arguments) {
    addOnValue(diagnostic, element, null, null, arguments);
  }

  /**
   * Reports a diagnostic on an annotation's attribute; a warning or note suppressed there is
   * dropped.
   *
   * @param diagnostic what is wrong
   * @param element the annotated element
   * @param annotation the annotation, or {@code null} to report on the element alone
   * @param value the attribute's value as written, or {@code null} when the default is at fault
   * @param arguments the values of the diagnostic's placeholders, in order
   */
  public void addOnValue(
      Diagnostic diagnostic,
      Element element,
      AnnotationMirror annotation,
      AnnotationValue value,
      Object... arguments) {
    if (diagnostic.kind() != Kind.ERROR && Suppressions.isSuppressed(element, diagnostic)) {
      return;
    }
    findings.add(
        new Finding(
            diagnostic,
            diagnostic.format(arguments),
            new OnElement(element, annotation, value)));
  }

  /**
   * Reports a diagnostic on a syntax tree, where no element can name the place.
   *
   * @param diagnostic what is wrong
   * @param printer what prints on the tree
   * @param arguments the values of the diagnostic's placeholders, in order
   */
  public void addOnTree(Diagnostic diagnostic, TreePrinter printer, Object... arguments) {
    findings.add(new Finding(diagnostic, diagnostic.format(arguments), new OnTree(printer)));
  }

  /**
   * Adds every finding of another report.
   *
   * @param other the report whose findings are added, in their order, after these
   */
  public void addAll(Report other) {
    findings.addAll(other.findings);
  }

  /**
   * {@return the findings, in the order they were made, warnings and notes on erroneous members
   * left out}
   */
  public List<Finding> findings() {
    Set<Element> erroneous = new HashSet<>();
    for (Finding f : findings) {
      if (f.diagnostic().kind() == Kind.ERROR && f.target() instanceof OnElement on) {
        erroneous.add(member(on.element()));
      }
    }
    List<Finding> kept = new ArrayList<>();
    for (Finding f : findings) {
      boolean stacked =
          f.diagnostic().kind() != Kind.ERROR
              && f.target() instanceof OnElement on
              && erroneous.contains(member(on.element()));
      if (!stacked) {
        kept.add(f);
      }
    }
    return List.copyOf(kept);
  }

  /** {@return whether any finding is an error} */
  public boolean hasErrors() {
    return findings.stream().anyMatch(f -> f.diagnostic().kind() == Kind.ERROR);
  }

  /**
   * Tells whether a member already has an error.
   *
   * @param element a member, or a parameter, which belongs to its method
   * @return whether an error was reported on {@code element}'s member (itself, or its method)
   */
  public boolean hasErrorOn(Element element) {
    Element member = member(element);
    return findings.stream()
        .anyMatch(
            f ->
                f.diagnostic().kind() == Kind.ERROR
                    && f.target() instanceof OnElement on
                    && member(on.element()).equals(member));
  }

  /**
   * Prints every finding on its element, annotation and value, or on its tree.
   *
   * @param messager the processing environment's messager
   */
  public void printTo(Messager messager) {
    for (Finding f : findings()) {
      Kind kind = f.diagnostic().kind();
      if (f.target() instanceof OnTree on) {
        on.printer().print(kind, f.message());
      } else if (f.target() instanceof OnElement on) {
        if (on.value() != null) {
          messager.printMessage(kind, f.message(), on.element(), on.annotation(), on.value());
        } else if (on.annotation() != null) {
          messager.printMessage(kind, f.message(), on.element(), on.annotation());
        } else {
          messager.printMessage(kind, f.message(), on.element());
        }
      }
    }
  }

  /** The member a finding on {@code element} belongs to: a parameter belongs to its method. */
  private static Element member(Element element) {
    return element.getKind() == ElementKind.PARAMETER ? element.getEnclosingElement() : element;
  }
}
