package io.torematrix.eventbus.processor.validation;

import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic.Kind;

/** The findings of one validation. A type whose report has errors gets no generated code. */
public final class Report {
  private final List<Diagnostic> diagnostics = new ArrayList<>();

  void error(String id, String message, Element element) {
    add(Kind.ERROR, id, message, element, null, null);
  }

  /** An error on an attribute; {@code value} may be {@code null} when the default is at fault. */
  void error(
      String id,
      String message,
      Element element,
      AnnotationMirror annotation,
      AnnotationValue value) {
    add(Kind.ERROR, id, message, element, annotation, value);
  }

  void warning(String id, String message, Element element) {
    add(Kind.WARNING, id, message, element, null, null);
  }

  private void add(
      Kind kind,
      String id,
      String message,
      Element element,
      AnnotationMirror annotation,
      AnnotationValue value) {
    diagnostics.add(new Diagnostic(kind, id, message, element, annotation, value));
  }

  /** The findings, in the order they were made. */
  public List<Diagnostic> diagnostics() {
    return List.copyOf(diagnostics);
  }

  /** Whether any finding is an error. */
  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(d -> d.kind() == Kind.ERROR);
  }

  /** Prints every finding on its element, annotation and value. */
  public void printTo(Messager messager) {
    for (Diagnostic d : diagnostics) {
      if (d.value() != null) {
        messager.printMessage(d.kind(), d.text(), d.element(), d.annotation(), d.value());
      } else if (d.annotation() != null) {
        messager.printMessage(d.kind(), d.text(), d.element(), d.annotation());
      } else {
        messager.printMessage(d.kind(), d.text(), d.element());
      }
    }
  }
}
