package io.torematrix.eventbus.processor.model;

import io.torematrix.eventbus.processor.model.AnnotationReader.StringValue;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.TypeMirror;

/**
 * One {@code @Subscribe} method as written, with the filter and error-callback methods its
 * attributes name resolved when a usable one exists ({@code null} otherwise).
 *
 * @param eventType the first parameter's type, or {@code null} if there is no parameter
 * @param takesContext whether the second parameter is the {@code EventContext}
 * @param async whether the method returns something (a {@code CompletionStage} once valid)
 * @param priority the name of the {@code Priority} constant
 */
public record HandlerModel(
    ExecutableElement method,
    AnnotationMirror annotation,
    TypeMirror eventType,
    boolean takesContext,
    boolean async,
    String priority,
    int order,
    List<StringValue> topics,
    String filterName,
    ExecutableElement filterMethod,
    String onErrorName,
    ExecutableElement onErrorMethod) {

  /** The method's name and parameter types, as messages and descriptions show it. */
  public String signature() {
    return Signatures.of(method);
  }
}
