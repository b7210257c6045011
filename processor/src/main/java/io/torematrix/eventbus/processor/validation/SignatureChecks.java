package io.torematrix.eventbus.processor.validation;

import io.torematrix.eventbus.processor.model.AnnotationReader;
import io.torematrix.eventbus.processor.model.HandlerModel;
import io.torematrix.eventbus.processor.model.Names;
import io.torematrix.eventbus.processor.model.Signatures;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Checks a handler's signature: its modifiers, whether it overrides another handler, its
 * parameters, the event type it takes and what it returns. Advice names the declaration that would
 * fit, built from the method as written.
 */
final class SignatureChecks {
  /** Parameter names that say nothing about the value, so a suggested record is named by type. */
  private static final Set<String> VAGUE_NAMES = Set.of("event", "e", "evt", "value", "v", "x");

  private final Elements elements;
  private final Types types;
  private final SourceTypes sources;

  SignatureChecks(Elements elements, Types types, SourceTypes sources) {
    this.elements = elements;
    this.types = types;
    this.sources = sources;
  }

  /**
   * Checks {@code handler}; returns whether it takes an event parameter the methods its attributes
   * name can be matched against.
   */
  boolean check(TypeElement listener, HandlerModel handler, Report report) {
    ExecutableElement method = handler.method();
    Set<Modifier> modifiers = method.getModifiers();
    if (modifiers.contains(Modifier.PRIVATE)) {
      report.add(Diagnostic.PRIVATE_HANDLER, method, handler.signature());
    }
    if (modifiers.contains(Modifier.STATIC)) {
      report.add(Diagnostic.STATIC_HANDLER, method, handler.signature());
    }
    if (modifiers.contains(Modifier.ABSTRACT)) {
      report.add(Diagnostic.ABSTRACT_HANDLER, method, handler.signature());
    }
    for (ExecutableElement overridden : overriddenHandlers(listener, method)) {
      report.add(
          Diagnostic.OVERRIDING_HANDLER,
          method,
          handler.signature(),
          overridden.getEnclosingElement().getSimpleName() + "." + Signatures.of(overridden));
    }
    boolean eventParameter = checkParameters(handler, report);
    if (eventParameter) {
      checkEventType(handler, report);
    }
    checkReturnType(handler, report);
    return eventParameter;
  }

  /** Reports a wrong parameter list; returns whether the first parameter is the event to check. */
  private boolean checkParameters(HandlerModel handler, Report report) {
    ExecutableElement method = handler.method();
    List<? extends VariableElement> parameters = method.getParameters();
    String name = method.getSimpleName().toString();
    if (handler.batch()) {
      if (parameters.size() != 1) {
        String list = Signatures.simple(parameters.get(0).asType());
        report.add(
            Diagnostic.BATCH_PARAMETERS, method, handler.signature(), name + "(" + list + " events)");
      }
      return true;
    }
    if (parameters.size() == 1 || (parameters.size() == 2 && handler.takesContext())) {
      return true;
    }
    if (parameters.size() == 2 && isContext(parameters.get(0)) && !isContext(parameters.get(1))) {
      String event = Signatures.simple(parameters.get(1).asType());
      report.add(
          Diagnostic.SWAPPED_PARAMETERS,
          method,
          handler.signature(),
          name + "(" + event + " event, EventContext context)");
      return false;
    }
    String event = parameters.stream()
        .filter(p -> !isContext(p))
        .map(p -> Signatures.simple(p.asType()))
        .findFirst()
        .orElse("SomeEvent");
    String has =
        parameters.isEmpty()
            ? "no parameter"
            : parameters.stream()
                .map(p -> Signatures.simple(p.asType()))
                .collect(Collectors.joining(", ", "parameters (", ")"));
    report.add(
        Diagnostic.HANDLER_PARAMETERS,
        method,
        handler.signature(),
        has,
        name + "(" + event + " event)",
        name + "(" + event + " event, EventContext context)");
    return !parameters.isEmpty() && !isContext(parameters.get(0));
  }

  private static boolean isContext(VariableElement parameter) {
    TypeMirror type = parameter.asType();
    return type.getKind() == TypeKind.DECLARED
        && ((TypeElement) ((DeclaredType) type).asElement())
            .getQualifiedName()
            .contentEquals(Names.EVENT_CONTEXT);
  }

  private void checkEventType(HandlerModel handler, Report report) {
    TypeMirror eventType = handler.eventType();
    VariableElement parameter = handler.method().getParameters().get(0);
    String signature = handler.signature();
    if (eventType.getKind().isPrimitive()) {
      report.add(
          Diagnostic.PRIMITIVE_PARAMETER,
          parameter,
          signature,
          eventType,
          wrapper(handler, eventType));
      return;
    }
    if (eventType.getKind() == TypeKind.TYPEVAR) {
      report.add(Diagnostic.TYPE_VARIABLE_EVENT, parameter, signature, eventType);
      return;
    }
    if (eventType.getKind() == TypeKind.DECLARED
        && AnnotationReader.has(((DeclaredType) eventType).asElement(), Names.EVENT)) {
      return;
    }
    String type = Signatures.simple(eventType);
    if (couldBeAnEvent(eventType)) {
      report.add(Diagnostic.NOT_AN_EVENT, parameter, signature, type);
    } else {
      report.add(
          Diagnostic.NOT_AN_EVENT_VALUE, parameter, signature, type, wrapper(handler, eventType));
    }
  }

  /** Whether {@code type} is the user's own record, class or interface, compiled now. */
  private boolean couldBeAnEvent(TypeMirror type) {
    if (type.getKind() != TypeKind.DECLARED) {
      return false;
    }
    TypeElement element = (TypeElement) ((DeclaredType) type).asElement();
    ElementKind kind = element.getKind();
    boolean eventKind =
        kind == ElementKind.RECORD || kind == ElementKind.CLASS || kind == ElementKind.INTERFACE;
    return eventKind && sources.isCompiledNow(element);
  }

  /** A record of the user's that would carry the value: {@code @Event record CountChanged(int count) {}}. */
  private static String wrapper(HandlerModel handler, TypeMirror type) {
    String name = handler.method().getParameters().get(0).getSimpleName().toString();
    String simpleType = Signatures.simple(type);
    boolean vague = handler.batch() || VAGUE_NAMES.contains(name);
    String base = vague ? simpleType.replaceAll("[^A-Za-z0-9]", "") : name;
    String component = vague ? "value" : name;
    return "@Event record "
        + Character.toUpperCase(base.charAt(0))
        + base.substring(1)
        + "Changed("
        + simpleType
        + " "
        + component
        + ") {}";
  }

  private void checkReturnType(HandlerModel handler, Report report) {
    TypeMirror returnType = handler.method().getReturnType();
    if (returnType.getKind() == TypeKind.VOID) {
      return;
    }
    String returns = Signatures.simple(returnType);
    if (handler.batch()) {
      report.add(Diagnostic.BATCH_RETURN_TYPE, handler.method(), handler.signature(), returns);
      return;
    }
    TypeMirror stage = types.erasure(elements.getTypeElement(Names.COMPLETION_STAGE).asType());
    if (!types.isAssignable(types.erasure(returnType), stage)) {
      report.add(Diagnostic.HANDLER_RETURN_TYPE, handler.method(), handler.signature(), returns);
    }
  }

  private List<ExecutableElement> overriddenHandlers(TypeElement listener, ExecutableElement method) {
    List<ExecutableElement> overridden = new ArrayList<>();
    TypeMirror superclass = listener.getSuperclass();
    while (superclass.getKind() == TypeKind.DECLARED) {
      TypeElement type = (TypeElement) ((DeclaredType) superclass).asElement();
      for (ExecutableElement candidate : ElementFilter.methodsIn(type.getEnclosedElements())) {
        if (AnnotationReader.has(candidate, Names.SUBSCRIBE)
            && elements.overrides(method, candidate, listener)) {
          overridden.add(candidate);
        }
      }
      superclass = type.getSuperclass();
    }
    return overridden;
  }
}
