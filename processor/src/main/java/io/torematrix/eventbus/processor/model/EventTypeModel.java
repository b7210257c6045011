package io.torematrix.eventbus.processor.model;

import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.TypeElement;

/**
 * One {@code @Event} type as written: its identity (the name defaults to the canonical class name,
 * the topic to the name), its {@code @Event} supertypes, nearest first, and whether a JSON adapter
 * is generated for it.
 */
public record EventTypeModel(
    TypeElement element,
    AnnotationMirror annotation,
    String name,
    int version,
    String defaultTopic,
    List<TypeElement> supertypes,
    boolean hasJsonAdapter) {

  /**
   * Notes whether a JSON adapter is generated for the type.
   *
   * @param hasJsonAdapter whether one is
   * @return this model with that noted
   */
  public EventTypeModel withJsonAdapter(boolean hasJsonAdapter) {
    return new EventTypeModel(
        element, annotation, name, version, defaultTopic, supertypes, hasJsonAdapter);
  }
}
