package io.torematrix.eventbus.processor.model;

import io.torematrix.eventbus.processor.model.AnnotationReader.StringValue;
import io.torematrix.eventbus.processor.model.AnnotationReader.TypeValue;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * One {@code @Middleware} class as written.
 *
 * @param constructor its non-private no-argument constructor, or {@code null}
 * @param factory its non-private static no-argument {@code create()} method returning it, or
 *     {@code null}
 */
public record MiddlewareModel(
    TypeElement type,
    AnnotationMirror annotation,
    int order,
    List<TypeValue> events,
    List<StringValue> topics,
    ExecutableElement constructor,
    ExecutableElement factory) {}
