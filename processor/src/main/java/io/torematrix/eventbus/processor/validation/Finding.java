package io.torematrix.eventbus.processor.validation;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;

/**
 * One diagnostic as reported: its catalogue entry, the formatted message, and the most precise
 * place it applies to.
 *
 * @param target where the message points: an element, perhaps the annotation on it and the
 *     attribute value at fault, or a syntax tree javac has no element for
 */
public record Finding(Diagnostic diagnostic, String message, Target target) {

  /** Where a finding points. */
  public sealed interface Target permits OnElement, OnTree {}

  /**
   * An element, and when an attribute is at fault the annotation and the value ({@code value}
   * may be {@code null} when the default is at fault; then {@code annotation} may be too).
   */
  public record OnElement(Element element, AnnotationMirror annotation, AnnotationValue value)
      implements Target {}

  /** A place only a javac syntax tree can name, such as a method of an anonymous class. */
  public record OnTree(TreePrinter printer) implements Target {}

  /** Prints a message on a syntax tree. */
  @FunctionalInterface
  public interface TreePrinter {
    /**
     * Prints a message on the tree.
     *
     * @param kind error or warning
     * @param message the full message
     */
    void print(javax.tools.Diagnostic.Kind kind, String message);
  }
}
