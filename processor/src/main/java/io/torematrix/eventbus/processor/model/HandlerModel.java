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
 * @param eventType the event type: the first parameter's type, or for a batch handler its element
 *     type; {@code null} if there is no parameter
 * @param batch whether the first parameter is a {@code java.util.List}: a batch handler
 * @param takesContext whether the second parameter is the {@code EventContext}
 * @param async whether the method returns something (a {@code CompletionStage} once valid)
 * @param priority the name of the {@code Priority} constant
 * @param durable the durable subscription's name; empty when the handler is not durable
 * @param startAt the name of the {@code DurableStart} constant
 * @param retry its {@code @Retry}
 */
public record HandlerModel(
    ExecutableElement method,
    AnnotationMirror annotation,
    TypeMirror eventType,
    boolean batch,
    boolean takesContext,
    boolean async,
    String priority,
    int order,
    List<StringValue> topics,
    String filterName,
    ExecutableElement filterMethod,
    String onErrorName,
    ExecutableElement onErrorMethod,
    boolean ordered,
    long timeoutMillis,
    int batchSize,
    long batchWindowMillis,
    String durable,
    String startAt,
    RetryModel retry) {

  /** {@return whether the handler is a durable subscription, one with a {@code durable} name} */
  public boolean isDurable() {
    return !durable.isEmpty();
  }

  /**
   * {@return the method's name and parameter types, as messages and descriptions show it, such as
   * {@code onLogin(UserLoggedIn, EventContext)}}
   */
  public String signature() {
    return Signatures.of(method);
  }
}
