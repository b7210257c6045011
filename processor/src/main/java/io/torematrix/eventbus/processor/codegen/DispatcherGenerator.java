package io.torematrix.eventbus.processor.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.WildcardTypeName;
import io.torematrix.eventbus.annotation.Retry;
import io.torematrix.eventbus.processor.model.HandlerModel;
import io.torematrix.eventbus.processor.model.ListenerModel;
import io.torematrix.eventbus.processor.model.RetryModel;
import java.time.Duration;
import java.util.Collections;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Types;

/**
 * Generates {@code Listener_EventDispatcher}: a public class beside the listener that binds each
 * of its {@code @Subscribe} methods, in source order, as a direct call.
 *
 * <pre>{@code
 * public final class LoginAudit_EventDispatcher implements ListenerDispatcher {
 *   public Class<?> listenerType() { return LoginAudit.class; }
 *
 *   public void bind(Object listener, HandlerRegistrar registrar) {
 *     LoginAudit target = (LoginAudit) listener;
 *     registrar.add(HandlerSpec.of(UserLoggedIn.class, "LoginAudit.onLogin(UserLoggedIn)")
 *         .sync((event, context) -> target.onLogin(event)));
 *   }
 * }
 * }</pre>
 */
public final class DispatcherGenerator {
  private final Types types;
  private final GeneratedAnnotation generated;

  /**
   * A generator of one compilation.
   *
   * @param types the processing environment's type utilities
   * @param generated the {@code @Generated} to put on each dispatcher, where available
   */
  public DispatcherGenerator(Types types, GeneratedAnnotation generated) {
    this.types = types;
    this.generated = generated;
  }

  /**
   * Names a listener's dispatcher.
   *
   * @param listener a listener class, nested or not
   * @return the name of its dispatcher, in its package: {@code Outer_Inner_EventDispatcher}
   */
  public static ClassName dispatcherName(TypeElement listener) {
    ClassName name = ClassName.get(listener);
    return ClassName.get(
        name.packageName(), String.join("_", name.simpleNames()) + "_EventDispatcher");
  }

  /**
   * Writes a listener's dispatcher.
   *
   * @param listener a listener the validators found no error in
   * @return the dispatcher class, which calls each handler method directly
   */
  public TypeSpec generate(ListenerModel listener) {
    TypeElement type = listener.type();
    TypeSpec.Builder dispatcher =
        TypeSpec.classBuilder(dispatcherName(type))
            .addJavadoc(
                "Binds the {@code @Subscribe} methods of {@link $T} as direct calls.\n",
                ClassName.get(type))
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addSuperinterface(RuntimeTypes.LISTENER_DISPATCHER)
            .addOriginatingElement(type)
            .addMethod(
                MethodSpec.methodBuilder("listenerType")
                    .addAnnotation(Override.class)
                    .addModifiers(Modifier.PUBLIC)
                    .returns(
                        ParameterizedTypeName.get(
                            ClassName.get(Class.class), WildcardTypeName.subtypeOf(Object.class)))
                    .addStatement("return $T.class", ClassName.get(type))
                    .build())
            .addMethod(bind(listener));
    generated.forCodeBeside(type).ifPresent(dispatcher::addAnnotation);
    return dispatcher.build();
  }

  private MethodSpec bind(ListenerModel listener) {
    TypeElement type = listener.type();
    TypeName targetType =
        type.getTypeParameters().isEmpty()
            ? ClassName.get(type)
            : ParameterizedTypeName.get(
                ClassName.get(type),
                Collections.nCopies(
                        type.getTypeParameters().size(), WildcardTypeName.subtypeOf(Object.class))
                    .toArray(TypeName[]::new));
    MethodSpec.Builder bind =
        MethodSpec.methodBuilder("bind")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .addParameter(Object.class, "listener")
            .addParameter(RuntimeTypes.HANDLER_REGISTRAR, "registrar")
            .addStatement("$T target = ($T) listener", targetType, targetType);
    for (HandlerModel handler : listener.handlers()) {
      bind.addStatement("registrar.add($L)", spec(type, handler));
    }
    return bind.build();
  }

  private CodeBlock spec(TypeElement listener, HandlerModel handler) {
    ClassName listenerName = ClassName.get(listener);
    CodeBlock.Builder spec =
        CodeBlock.builder()
            .add(
                "$T.of($T.class, $S)",
                RuntimeTypes.HANDLER_SPEC,
                TypeName.get(types.erasure(handler.eventType())),
                String.join(".", listenerName.simpleNames()) + "." + handler.signature());
    if (!handler.priority().equals("NORMAL")) {
      spec.add("\n.priority($T.$L)", RuntimeTypes.PRIORITY, handler.priority());
    }
    if (handler.order() != 0) {
      spec.add("\n.order($L)", handler.order());
    }
    if (!handler.topics().isEmpty()) {
      spec.add(
          "\n.topics($L)",
          handler.topics().stream()
              .map(t -> CodeBlock.of("$S", t.text()))
              .collect(CodeBlock.joining(", ")));
    }
    if (handler.filterMethod() != null) {
      spec.add("\n.filter(event -> $L(event))", receiver(handler.filterMethod()));
    }
    if (handler.onErrorMethod() != null) {
      spec.add(
          "\n.onError((event, error) -> $L(event, error))",
          receiver(handler.onErrorMethod()));
    }
    if (handler.ordered()) {
      spec.add("\n.ordered(true)");
    }
    if (handler.timeoutMillis() > 0) {
      spec.add("\n.timeout($T.ofMillis($L))", Duration.class, handler.timeoutMillis());
    }
    if (handler.isDurable()) {
      spec.add("\n.durable($S)", handler.durable());
      if (!handler.startAt().equals("HEAD")) {
        spec.add("\n.startAt($T.$L)", RuntimeTypes.DURABLE_START, handler.startAt());
      }
      if (handler.retry().custom()) {
        spec.add("\n.retry($L)", retryPolicy(handler.retry()));
      }
    }
    String method = handler.method().getSimpleName().toString();
    if (handler.batch()) {
      spec.add(
          "\n.batch($L, $T.ofMillis($L), events -> target.$N(events))",
          handler.batchSize(),
          Duration.class,
          handler.batchWindowMillis(),
          method);
    } else {
      if (!handler.takesContext()) {
        spec.add("\n.takesContext(false)");
      }
      spec.add(
          "\n.$L((event, context) -> target.$N($L))",
          handler.async() ? "async" : "sync",
          method,
          handler.takesContext() ? "event, context" : "event");
    }
    return spec.build();
  }

  /** {@code RetryPolicy.defaults()} with what {@code retry} changes. */
  private static CodeBlock retryPolicy(RetryModel retry) {
    CodeBlock.Builder policy = CodeBlock.builder().add("$T.defaults()", RuntimeTypes.RETRY_POLICY);
    if (retry.maxAttempts() != Retry.DEFAULT_MAX_ATTEMPTS) {
      policy.add(".maxAttempts($L)", retry.maxAttempts());
    }
    if (retry.customBackoff()) {
      policy.add(
          ".backoff($T.ofMillis($L), $L, $T.ofMillis($L))",
          Duration.class,
          retry.backoffMillis(),
          retry.multiplier(),
          Duration.class,
          retry.maxBackoffMillis());
    }
    return policy.build();
  }

  /** {@code target.name}, or {@code Listener.name} for a static method. */
  private static CodeBlock receiver(ExecutableElement method) {
    if (method.getModifiers().contains(Modifier.STATIC)) {
      return CodeBlock.of(
          "$T.$N",
          ClassName.get((TypeElement) method.getEnclosingElement()),
          method.getSimpleName().toString());
    }
    return CodeBlock.of("target.$N", method.getSimpleName().toString());
  }
}
