package io.torematrix.eventbus.processor.validation;

import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/** Reads {@code @SuppressWarnings("EventBus.Id")}, which silences one of our warnings or notes. */
final class Suppressions {
  private Suppressions() {}

  /** Whether {@code diagnostic} is suppressed on {@code element} or an enclosing element. */
  static boolean isSuppressed(Element element, Diagnostic diagnostic) {
    for (Element e = element; e != null; e = e.getEnclosingElement()) {
      for (AnnotationMirror mirror : e.getAnnotationMirrors()) {
        if (!((TypeElement) mirror.getAnnotationType().asElement())
            .getQualifiedName()
            .contentEquals("java.lang.SuppressWarnings")) {
          continue;
        }
        for (AnnotationValue value : mirror.getElementValues().values()) {
          for (Object item : (List<?>) value.getValue()) {
            if (diagnostic.qualifiedId().equals(((AnnotationValue) item).getValue())) {
              return true;
            }
          }
        }
      }
    }
    return false;
  }
}
