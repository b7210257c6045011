package io.torematrix.eventbus.processor.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * Reads annotations through their mirrors, never through {@code getAnnotation}: values come with
 * their defaults, and the explicit {@link AnnotationValue} of an attribute is kept so diagnostics
 * can point at it.
 */
public final class AnnotationReader {
  private final Elements elements;

  /**
   * A reader that resolves default values through {@code elements}.
   *
   * @param elements the processing environment's element utilities
   */
  public AnnotationReader(Elements elements) {
    this.elements = elements;
  }

  /**
   * Finds an annotation on an element, by name, so that the processor needs no class of it.
   *
   * @param element a type, method or other element, from source or a class file
   * @param qualifiedName the annotation type's qualified name, such as {@link Names#EVENT}
   * @return its mirror, or empty if {@code element} does not carry it
   */
  public static Optional<AnnotationMirror> find(Element element, String qualifiedName) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
      if (type.getQualifiedName().contentEquals(qualifiedName)) {
        return Optional.of(mirror);
      }
    }
    return Optional.empty();
  }

  /**
   * Tells whether an element carries an annotation.
   *
   * @param element a type, method or other element
   * @param qualifiedName the annotation type's qualified name
   * @return whether {@code element} carries it
   */
  public static boolean has(Element element, String qualifiedName) {
    return find(element, qualifiedName).isPresent();
  }

  /**
   * The value written in source for an attribute, which a diagnostic can point at.
   *
   * @param mirror the annotation
   * @param attribute the attribute's name, such as {@code "topics"}
   * @return the value written for {@code attribute}, or {@code null} if the default applies
   */
  public static AnnotationValue explicit(AnnotationMirror mirror, String attribute) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
        mirror.getElementValues().entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals(attribute)) {
        return entry.getValue();
      }
    }
    return null;
  }

  /**
   * The value of an attribute, written or default.
   *
   * @param mirror the annotation
   * @param attribute the attribute's name
   * @return its value
   * @throws IllegalArgumentException if the annotation has no such attribute
   */
  public AnnotationValue value(AnnotationMirror mirror, String attribute) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
        elements.getElementValuesWithDefaults(mirror).entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals(attribute)) {
        return entry.getValue();
      }
    }
    throw new IllegalArgumentException(mirror + " has no attribute " + attribute);
  }

  /**
   * The value of a {@code String} attribute, written or default.
   *
   * @param mirror the annotation
   * @param attribute the attribute's name, declared {@code String}
   * @return its value
   * @throws IllegalArgumentException if the annotation has no such attribute
   */
  public String string(AnnotationMirror mirror, String attribute) {
    return (String) value(mirror, attribute).getValue();
  }

  /**
   * The value of an {@code int} attribute, written or default.
   *
   * @param mirror the annotation
   * @param attribute the attribute's name, declared {@code int}
   * @return its value
   * @throws IllegalArgumentException if the annotation has no such attribute
   */
  public int integer(AnnotationMirror mirror, String attribute) {
    return (Integer) value(mirror, attribute).getValue();
  }

  /**
   * The value of an enum attribute, written or default.
   *
   * @param mirror the annotation
   * @param attribute the attribute's name, declared as an enum
   * @return the simple name of its constant, such as {@code "NORMAL"}
   * @throws IllegalArgumentException if the annotation has no such attribute
   */
  public String enumConstant(AnnotationMirror mirror, String attribute) {
    return ((VariableElement) value(mirror, attribute).getValue()).getSimpleName().toString();
  }

  /**
   * The values of a {@code String[]} attribute, written or default.
   *
   * @param mirror the annotation
   * @param attribute the attribute's name, declared {@code String[]}
   * @return its strings in order, each with its own {@link AnnotationValue}; immutable
   * @throws IllegalArgumentException if the annotation has no such attribute
   */
  public List<StringValue> strings(AnnotationMirror mirror, String attribute) {
    @SuppressWarnings("unchecked") // the attribute is declared String[]
    List<? extends AnnotationValue> values =
        (List<? extends AnnotationValue>) value(mirror, attribute).getValue();
    List<StringValue> result = new ArrayList<>();
    for (AnnotationValue value : values) {
      result.add(new StringValue((String) value.getValue(), value));
    }
    return List.copyOf(result);
  }

  /**
   * The values of a {@code Class<?>[]} attribute, written or default.
   *
   * @param mirror the annotation
   * @param attribute the attribute's name, declared {@code Class<?>[]}
   * @return its classes in order, each with its own {@link AnnotationValue}; immutable
   * @throws IllegalArgumentException if the annotation has no such attribute
   */
  public List<TypeValue> types(AnnotationMirror mirror, String attribute) {
    @SuppressWarnings("unchecked") // the attribute is declared Class<?>[]
    List<? extends AnnotationValue> values =
        (List<? extends AnnotationValue>) value(mirror, attribute).getValue();
    List<TypeValue> result = new ArrayList<>();
    for (AnnotationValue value : values) {
      result.add(
          new TypeValue(value.getValue() instanceof TypeMirror type ? type : null, value));
    }
    return List.copyOf(result);
  }

  /** One string of an array attribute, with the value a diagnostic can point at. */
  public record StringValue(String text, AnnotationValue value) {}

  /**
   * One class of an array attribute, with the value a diagnostic can point at; {@code type} is
   * {@code null} when the compiler could not resolve the class.
   */
  public record TypeValue(TypeMirror type, AnnotationValue value) {}
}
