package io.torematrix.eventbus.processor.model;

import java.util.List;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;

/**
 * How to write a record or final class as a JSON object and read it back: its properties in
 * declaration order, each read through an accessor or a field, and the constructor that takes them
 * all in that order.
 */
public record JsonTypeModel(TypeElement type, List<Property> properties) {

  /**
   * One property.
   *
   * @param name the JSON member name: the component or field name
   * @param type its declared type
   * @param access how generated code reads it from an instance, such as {@code name()} or
   *     {@code name}
   */
  public record Property(String name, TypeMirror type, String access) {}
}
