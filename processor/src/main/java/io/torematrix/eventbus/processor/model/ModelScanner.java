package io.torematrix.eventbus.processor.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Builds models from annotated elements. It reports nothing: whatever is wrong is left in the model
 * for the validators to find and explain.
 */
public final class ModelScanner {
  private final Elements elements;
  private final Types types;
  private final AnnotationReader reader;

  /**
   * A scanner of one compilation.
   *
   * @param elements the processing environment's element utilities
   * @param types the processing environment's type utilities
   */
  public ModelScanner(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
    this.reader = new AnnotationReader(elements);
  }

  /**
   * Reads an event type.
   *
   * @param type a type that carries {@code @Event}
   * @return its model: name (the canonical name if none is written), version, topic (the name if
   *     none is written) and {@code @Event} supertypes, without a JSON adapter
   * @throws java.util.NoSuchElementException if {@code type} carries no {@code @Event}
   */
  public EventTypeModel event(TypeElement type) {
    AnnotationMirror annotation = AnnotationReader.find(type, Names.EVENT).orElseThrow();
    String name = reader.string(annotation, "name");
    if (name.isEmpty()) {
      name = type.getQualifiedName().toString();
    }
    String topic = reader.string(annotation, "topic");
    return new EventTypeModel(
        type,
        annotation,
        name,
        reader.integer(annotation, "version"),
        topic.isEmpty() ? name : topic,
        eventSupertypes(type),
        false);
  }

  /** Every {@code @Event} supertype of {@code type}, nearest first, each once. */
  private List<TypeElement> eventSupertypes(TypeElement type) {
    Set<TypeElement> found = new LinkedHashSet<>();
    Deque<TypeMirror> queue = new ArrayDeque<>(types.directSupertypes(type.asType()));
    while (!queue.isEmpty()) {
      TypeMirror supertype = queue.removeFirst();
      if (supertype.getKind() != TypeKind.DECLARED) {
        continue;
      }
      TypeElement element = (TypeElement) ((DeclaredType) supertype).asElement();
      if (AnnotationReader.has(element, Names.EVENT)) {
        found.add(element);
      }
      queue.addAll(types.directSupertypes(supertype));
    }
    return List.copyOf(found);
  }

  /**
   * Reads a middleware class.
   *
   * @param type a class that carries {@code @Middleware}
   * @return its model: order, scope, and its non-private no-argument constructor and static
   *     {@code create()} method, each {@code null} if it has none
   * @throws java.util.NoSuchElementException if {@code type} carries no {@code @Middleware}
   */
  public MiddlewareModel middleware(TypeElement type) {
    AnnotationMirror annotation = AnnotationReader.find(type, Names.MIDDLEWARE).orElseThrow();
    ExecutableElement constructor = null;
    for (ExecutableElement c : ElementFilter.constructorsIn(type.getEnclosedElements())) {
      if (c.getParameters().isEmpty() && !c.getModifiers().contains(Modifier.PRIVATE)) {
        constructor = c;
      }
    }
    ExecutableElement factory = null;
    for (ExecutableElement m : ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (m.getSimpleName().contentEquals("create")
          && m.getParameters().isEmpty()
          && m.getModifiers().contains(Modifier.STATIC)
          && !m.getModifiers().contains(Modifier.PRIVATE)
          && types.isSameType(types.erasure(m.getReturnType()), types.erasure(type.asType()))) {
        factory = m;
      }
    }
    return new MiddlewareModel(
        type,
        annotation,
        reader.integer(annotation, "order"),
        reader.types(annotation, "events"),
        reader.strings(annotation, "topics"),
        constructor,
        factory);
  }

  /**
   * Reads a listener.
   *
   * @param type the class that declares {@code methods}
   * @param methods its {@code @Subscribe} methods, in source order
   * @return the model of {@code type} and one handler model per method, in that order
   */
  public ListenerModel listener(TypeElement type, List<ExecutableElement> methods) {
    List<HandlerModel> handlers = new ArrayList<>();
    for (ExecutableElement method : methods) {
      handlers.add(handler(type, method));
    }
    return new ListenerModel(type, List.copyOf(handlers));
  }

  private HandlerModel handler(TypeElement listener, ExecutableElement method) {
    AnnotationMirror annotation = AnnotationReader.find(method, Names.SUBSCRIBE).orElseThrow();
    List<? extends VariableElement> parameters = method.getParameters();
    TypeMirror first = parameters.isEmpty() ? null : parameters.get(0).asType();
    boolean batch = first != null && isType(first, "java.util.List");
    TypeMirror eventType = batch ? elementType((DeclaredType) first) : first;
    boolean takesContext =
        parameters.size() == 2 && isType(parameters.get(1).asType(), Names.EVENT_CONTEXT);
    String filterName = reader.string(annotation, "filter");
    String onErrorName = reader.string(annotation, "onError");
    return new HandlerModel(
        method,
        annotation,
        eventType,
        batch,
        takesContext,
        method.getReturnType().getKind() != TypeKind.VOID,
        reader.enumConstant(annotation, "priority"),
        reader.integer(annotation, "order"),
        reader.strings(annotation, "topics"),
        filterName,
        eventType == null || filterName.isEmpty()
            ? null
            : findMethod(listener, filterName, eventType, MethodShape.FILTER),
        onErrorName,
        eventType == null || onErrorName.isEmpty()
            ? null
            : findMethod(listener, onErrorName, eventType, MethodShape.ERROR_CALLBACK),
        (Boolean) reader.value(annotation, "ordered").getValue(),
        (Long) reader.value(annotation, "timeoutMillis").getValue(),
        reader.integer(annotation, "batchSize"),
        (Long) reader.value(annotation, "batchWindowMillis").getValue(),
        reader.string(annotation, "durable"),
        reader.enumConstant(annotation, "startAt"),
        retry((AnnotationMirror) reader.value(annotation, "retry").getValue()));
  }

  private RetryModel retry(AnnotationMirror retry) {
    return new RetryModel(
        retry,
        reader.integer(retry, "maxAttempts"),
        (Long) reader.value(retry, "backoffMillis").getValue(),
        (Double) reader.value(retry, "multiplier").getValue(),
        (Long) reader.value(retry, "maxBackoffMillis").getValue());
  }

  /** The element type of {@code List<E>} or {@code List<? extends E>}; the list itself if raw. */
  private static TypeMirror elementType(DeclaredType list) {
    if (list.getTypeArguments().size() != 1) {
      return list;
    }
    TypeMirror argument = list.getTypeArguments().get(0);
    if (argument instanceof WildcardType wildcard) {
      return wildcard.getExtendsBound() != null ? wildcard.getExtendsBound() : list;
    }
    return argument;
  }

  /** The shapes of the methods {@code filter} and {@code onError} name. */
  public enum MethodShape {
    /** {@code boolean name(E event)}. */
    FILTER,
    /** {@code void name(E event, Throwable error)}. */
    ERROR_CALLBACK
  }

  /**
   * Finds the method a {@code filter} or {@code onError} attribute names.
   *
   * @param listener the class of the handler
   * @param name the method's name, as written in the attribute
   * @param eventType the handler's event type
   * @param shape what the method must look like
   * @return the method of {@code listener} (declared or inherited) named {@code name} that fits
   *     {@code shape} for events of {@code eventType} and that generated code in the listener's
   *     package can call; {@code null} if there is none
   */
  public ExecutableElement findMethod(
      TypeElement listener, String name, TypeMirror eventType, MethodShape shape) {
    for (ExecutableElement method : methodsNamed(listener, name)) {
      if (problem(listener, method, eventType, shape) == null) {
        return method;
      }
    }
    return null;
  }

  /**
   * Lists the methods of a name.
   *
   * @param listener a class
   * @param name a method name
   * @return every method of {@code listener}, declared or inherited, named {@code name}, in the
   *     order the compiler lists its members
   */
  public List<ExecutableElement> methodsNamed(TypeElement listener, String name) {
    List<ExecutableElement> named = new ArrayList<>();
    for (ExecutableElement method : ElementFilter.methodsIn(elements.getAllMembers(listener))) {
      if (method.getSimpleName().contentEquals(name)) {
        named.add(method);
      }
    }
    return named;
  }

  /**
   * Says why a method cannot serve as a filter or error callback.
   *
   * @param listener the class of the handler
   * @param method a method of {@code listener}, declared or inherited
   * @param eventType the handler's event type
   * @param shape what the method must look like
   * @return why {@code method} cannot serve as {@code shape} for events of {@code eventType}, as
   *     a clause such as {@code "is private"}, or {@code null} if it can
   */
  public String problem(
      TypeElement listener, ExecutableElement method, TypeMirror eventType, MethodShape shape) {
    if (method.getModifiers().contains(Modifier.PRIVATE)) {
      return "is private";
    }
    if (!method.getModifiers().contains(Modifier.PUBLIC)
        && !packageOf(method).equals(packageOf(listener))) {
      return "is declared in another package without being public";
    }
    if (!method.getTypeParameters().isEmpty()) {
      return "is generic";
    }
    List<? extends VariableElement> parameters = method.getParameters();
    int expected = shape == MethodShape.FILTER ? 1 : 2;
    if (parameters.size() != expected) {
      return "takes " + parameters.size() + " parameter" + (parameters.size() == 1 ? "" : "s");
    }
    TypeMirror first = parameters.get(0).asType();
    if (!types.isAssignable(eventType, first)) {
      return "takes " + Signatures.simple(first) + ", not " + Signatures.simple(eventType);
    }
    if (shape == MethodShape.FILTER) {
      return method.getReturnType().getKind() == TypeKind.BOOLEAN
          ? null
          : "returns " + Signatures.simple(method.getReturnType()) + ", not boolean";
    }
    TypeMirror throwable = elements.getTypeElement("java.lang.Throwable").asType();
    if (!types.isAssignable(throwable, parameters.get(1).asType())) {
      return "takes " + Signatures.simple(parameters.get(1).asType()) + ", not Throwable, second";
    }
    return method.getReturnType().getKind() == TypeKind.VOID
        ? null
        : "returns " + Signatures.simple(method.getReturnType()) + ", not void";
  }

  private PackageElement packageOf(Element element) {
    return elements.getPackageOf(element);
  }

  /**
   * Tells a declared type by name.
   *
   * @param type any type
   * @param qualifiedName a class or interface's qualified name
   * @return whether {@code type} is the declared type {@code qualifiedName}, ignoring type
   *     arguments
   */
  public boolean isType(TypeMirror type, String qualifiedName) {
    return type.getKind() == TypeKind.DECLARED
        && ((TypeElement) ((DeclaredType) type).asElement())
            .getQualifiedName()
            .contentEquals(qualifiedName);
  }
}
