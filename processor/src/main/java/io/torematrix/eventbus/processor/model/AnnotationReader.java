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

  public AnnotationReader(Elements elements) {
    this.elements = elements;
  }

  /** The mirror of the annotation {@code qualifiedName} on {@code element}, if present. */
  public static Optional<AnnotationMirror> find(Element element, String qualifiedName) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
      if (type.getQualifiedName().contentEquals(qualifiedName)) {
        return Optional.of(mirror);
      }
    }
    return Optional.empty();
  }

  /** Whether {@code element} carries the annotation {@code qualifiedName}. */
  public static boolean has(Element element, String qualifiedName) {
    return find(element, qualifiedName).isPresent();
  }

  /** The value written for {@code attribute}, or {@code null} if the default applies. */
  public static AnnotationValue explicit(AnnotationMirror mirror, String attribute) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
        mirror.getElementValues().entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals(attribute)) {
        return entry.getValue();
      }
    }
    return null;
  }

  /** The value of {@code attribute}, written or default. */
  public AnnotationValue value(AnnotationMirror mirror, String attribute) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
        elements.getElementValuesWithDefaults(mirror).entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals(attribute)) {
        return entry.getValue();
      }
    }
    throw new IllegalArgumentException(mirror + " has no attribute " + attribute);
  }

  public String string(AnnotationMirror mirror, String attribute) {
    return (String) value(mirror, attribute).getValue();
  }

  public int integer(AnnotationMirror mirror, String attribute) {
    return (Integer) value(mirror, attribute).getValue();
  }

  /** The simple name of an enum constant attribute, such as {@code "NORMAL"}. */
  public String enumConstant(AnnotationMirror mirror, String attribute) {
    return ((VariableElement) value(mirror, attribute).getValue()).getSimpleName().toString();
  }

  /** The values of a {@code String[]} attribute, each with its own {@link AnnotationValue}. */
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

  /** The values of a {@code Class<?>[]} attribute, each with its own {@link AnnotationValue}. */
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
