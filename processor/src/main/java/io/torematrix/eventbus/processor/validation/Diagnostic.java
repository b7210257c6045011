package io.torematrix.eventbus.processor.validation;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic.Kind;

/**
 * One finding, aimed at the most precise place: an element, the annotation on it and the
 * attribute value at fault when there is one.
 *
 * @param id the stable id, such as {@code PrivateHandler}; printed as {@code [EventBus.id]}
 */
public record Diagnostic(
    Kind kind,
    String id,
    String message,
    Element element,
    AnnotationMirror annotation,
    AnnotationValue value) {

  /** The message as printed: {@code [EventBus.id] message}. */
  public String text() {
    return "[EventBus." + id + "] " + message;
  }
}
