package io.torematrix.eventbus.processor.model;

import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.TypeElement;

/**
 * One {@code @Event} type as written: its identity (the name defaults to the canonical class name,
 * the topic to the name) and its {@code @Event} supertypes, nearest first.
 */
public record EventTypeModel(
    TypeElement element,
    AnnotationMirror annotation,
    String name,
    int version,
    String defaultTopic,
    List<TypeElement> supertypes) {}
