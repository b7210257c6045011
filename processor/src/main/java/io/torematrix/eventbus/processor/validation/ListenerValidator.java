package io.torematrix.eventbus.processor.validation;

import io.torematrix.eventbus.annotation.Subscribe;
import io.torematrix.eventbus.annotation.TopicSyntax;
import io.torematrix.eventbus.processor.model.AnnotationReader;
import io.torematrix.eventbus.processor.model.AnnotationReader.StringValue;
import io.torematrix.eventbus.processor.model.HandlerModel;
import io.torematrix.eventbus.processor.model.ListenerModel;
import io.torematrix.eventbus.processor.model.ModelScanner;
import io.torematrix.eventbus.processor.model.ModelScanner.MethodShape;
import io.torematrix.eventbus.processor.model.Names;
import io.torematrix.eventbus.processor.model.Signatures;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Checks a listener class and each of its {@code @Subscribe} methods: modifiers, parameters,
 * return type, the event type, the methods {@code filter} and {@code onError} name, topics, order,
 * duplicates and overrides. Every handler is checked, so one mistake does not hide the next.
 */
public final class ListenerValidator {
  private final Elements elements;
  private final Types types;
  private final ModelScanner scanner;

  public ListenerValidator(Elements elements, Types types, ModelScanner scanner) {
    this.elements = elements;
    this.types = types;
    this.scanner = scanner;
  }

  /** Validates {@code listener} and all its handlers. */
  public Report validate(ListenerModel listener) {
    Report report = new Report();
    for (HandlerModel handler : listener.handlers()) {
      validate(listener.type(), handler, report);
    }
    checkDuplicates(listener, report);
    return report;
  }

  private void validate(TypeElement listener, HandlerModel handler, Report report) {
    ExecutableElement method = handler.method();
    String signature = handler.signature();
    if (!checkEnclosingType(listener, handler, report)) {
      return;
    }
    if (method.getModifiers().contains(Modifier.PRIVATE)) {
      report.error(
          "PrivateHandler",
          "@Subscribe method "
              + signature
              + " is private. The generated dispatcher calls handlers directly from another class"
              + " of the package, and cannot reach a private method. Remove 'private'"
              + " (package-private is enough).",
          method);
    }
    if (method.getModifiers().contains(Modifier.STATIC)) {
      report.error(
          "StaticHandler",
          "@Subscribe method "
              + signature
              + " is static. A subscription belongs to the listener instance you register, and a"
              + " static method has none. Make it an instance method.",
          method);
    }
    if (method.getModifiers().contains(Modifier.ABSTRACT)) {
      report.error(
          "AbstractHandler",
          "@Subscribe method "
              + signature
              + " is abstract. The dispatcher needs a body to call, and an abstract method has"
              + " none. Annotate the implementing method in the concrete subclass instead.",
          method);
    }
    checkOverride(listener, handler, report);
    if (checkParameters(handler, report)) {
      checkEventType(handler, report);
      checkFilter(listener, handler, report);
      checkOnError(listener, handler, report);
    }
    checkReturnType(handler, report);
    checkTopics(handler, report);
    checkOrder(handler, report);
    checkBatch(handler, report);
    checkTimeout(handler, report);
    checkOrdered(handler, report);
  }

  private void checkBatch(HandlerModel handler, Report report) {
    String signature = handler.signature();
    if (!handler.batch()) {
      for (String attribute : List.of("batchSize", "batchWindowMillis")) {
        AnnotationValue written = AnnotationReader.explicit(handler.annotation(), attribute);
        if (written != null) {
          report.error(
              "BatchWithoutList",
              "@Subscribe("
                  + attribute
                  + " = "
                  + written
                  + ") on "
                  + signature
                  + " has no effect: it sizes the batches of a handler that takes List<E>, and"
                  + " this one takes a single event. Take a List of events (at priority"
                  + " DEFERRED), or remove "
                  + attribute
                  + ".",
              handler.method(),
              handler.annotation(),
              written);
        }
      }
      return;
    }
    if (!handler.priority().equals("DEFERRED")) {
      AnnotationValue priority = AnnotationReader.explicit(handler.annotation(), "priority");
      report.error(
          "BatchNeedsDeferred",
          "@Subscribe method "
              + signature
              + " takes a List, so it receives batches, but runs at priority "
              + handler.priority()
              + ". Batches are gathered and delivered in the background, never while publish"
              + " waits. Add priority = Priority.DEFERRED, or take a single event.",
          handler.method(),
          priority == null ? null : handler.annotation(),
          priority);
    }
    if (handler.batchSize() < 1 || handler.batchSize() > Subscribe.MAX_BATCH_SIZE) {
      report.error(
          "InvalidBatch",
          "@Subscribe(batchSize = "
              + handler.batchSize()
              + ") on "
              + signature
              + " is out of range. A batch holds between 1 and "
              + Subscribe.MAX_BATCH_SIZE
              + " events, so that it always fits in memory. Choose a size in that range.",
          handler.method(),
          handler.annotation(),
          AnnotationReader.explicit(handler.annotation(), "batchSize"));
    }
    if (handler.batchWindowMillis() < 1
        || handler.batchWindowMillis() > Subscribe.MAX_BATCH_WINDOW_MILLIS) {
      report.error(
          "InvalidBatch",
          "@Subscribe(batchWindowMillis = "
              + handler.batchWindowMillis()
              + ") on "
              + signature
              + " is out of range. A batch waits between 1 ms and "
              + Subscribe.MAX_BATCH_WINDOW_MILLIS
              + " ms (an hour) for more events, so that its first event is not held forever."
              + " Choose a window in that range.",
          handler.method(),
          handler.annotation(),
          AnnotationReader.explicit(handler.annotation(), "batchWindowMillis"));
    }
  }

  private void checkTimeout(HandlerModel handler, Report report) {
    AnnotationValue written = AnnotationReader.explicit(handler.annotation(), "timeoutMillis");
    if (written == null) {
      return;
    }
    if (handler.timeoutMillis() < 0) {
      report.error(
          "InvalidTimeout",
          "@Subscribe(timeoutMillis = "
              + handler.timeoutMillis()
              + ") on "
              + handler.signature()
              + " is negative. A timeout is how long the handler's stage may take. Use a"
              + " positive number of milliseconds, or 0 for none.",
          handler.method(),
          handler.annotation(),
          written);
    } else if (handler.timeoutMillis() > 0 && !handler.async()) {
      report.error(
          "TimeoutNeedsAsync",
          "@Subscribe(timeoutMillis = "
              + handler.timeoutMillis()
              + ") on "
              + handler.signature()
              + " cannot apply: the handler returns void, so it has finished when it returns and"
              + " there is no stage to time out. Return a CompletionStage<?>, or remove"
              + " timeoutMillis.",
          handler.method(),
          handler.annotation(),
          written);
    }
  }

  private void checkOrdered(HandlerModel handler, Report report) {
    if (handler.ordered() && !handler.priority().equals("NORMAL")) {
      report.warning(
          "RedundantOrdered",
          "@Subscribe(ordered = true) on "
              + handler.signature()
              + " has no effect at priority "
              + handler.priority()
              + ": IMMEDIATE handlers run on the publisher's thread and DEFERRED ones on one"
              + " background thread, so both already see events in publish order. Remove"
              + " ordered.",
          handler.method());
    }
  }

  /** Reports a handler its dispatcher could not reach; returns whether the rest is worth checking. */
  private boolean checkEnclosingType(TypeElement listener, HandlerModel handler, Report report) {
    String signature = handler.signature();
    if (listener.getKind().isInterface()) {
      report.error(
          "InterfaceHandler",
          "@Subscribe method "
              + signature
              + " is declared in interface "
              + listener.getSimpleName()
              + ". Dispatchers are generated for the classes of listener instances, so a handler"
              + " declared in an interface would never be bound. Declare it in a class.",
          handler.method());
      return false;
    }
    for (Element e = listener; e instanceof TypeElement t; e = e.getEnclosingElement()) {
      boolean local = t.getNestingKind() == NestingKind.LOCAL
          || t.getNestingKind() == NestingKind.ANONYMOUS;
      if (local || t.getModifiers().contains(Modifier.PRIVATE)) {
        report.error(
            "InaccessibleListener",
            "@Subscribe method "
                + signature
                + " is in "
                + (t == listener ? "" : listener.getSimpleName() + ", nested in ")
                + (local ? "a local or anonymous class" : "private class " + t.getSimpleName())
                + ". The generated dispatcher lives beside the listener in its package and cannot"
                + " name such a class. Make the listener a package-private or public top-level or"
                + " static nested class.",
            handler.method());
        return false;
      }
    }
    return true;
  }

  /** Reports a wrong parameter list; returns whether the first parameter is worth checking. */
  private boolean checkParameters(HandlerModel handler, Report report) {
    List<? extends VariableElement> parameters = handler.method().getParameters();
    if (handler.batch() && parameters.size() != 1) {
      report.error(
          "HandlerParameters",
          "@Subscribe method "
              + handler.signature()
              + " takes a List and more. A batch handler receives its events without their"
              + " contexts, as a List alone. Declare it as "
              + handler.method().getSimpleName()
              + "("
              + Signatures.simple(parameters.get(0).asType())
              + " events).",
          handler.method());
      return true;
    }
    boolean shapeOk =
        parameters.size() == 1 || (parameters.size() == 2 && handler.takesContext());
    if (!shapeOk) {
      String name = handler.method().getSimpleName().toString();
      String event =
          parameters.isEmpty() ? "SomeEvent" : Signatures.simple(parameters.get(0).asType());
      report.error(
          "HandlerParameters",
          "@Subscribe method "
              + handler.signature()
              + " has "
              + describeParameters(parameters)
              + ". A handler takes the event, optionally followed by its EventContext. Declare"
              + " it as "
              + name
              + "("
              + event
              + " event) or "
              + name
              + "("
              + event
              + " event, EventContext context).",
          handler.method());
    }
    return !parameters.isEmpty();
  }

  private static String describeParameters(List<? extends VariableElement> parameters) {
    if (parameters.isEmpty()) {
      return "no parameter";
    }
    return "parameters "
        + parameters.stream()
            .map(p -> Signatures.simple(p.asType()))
            .collect(Collectors.joining(", ", "(", ")"));
  }

  private void checkEventType(HandlerModel handler, Report report) {
    TypeMirror eventType = handler.eventType();
    String signature = handler.signature();
    if (eventType.getKind().isPrimitive()) {
      report.error(
          "PrimitiveParameter",
          "@Subscribe method "
              + signature
              + " takes primitive "
              + eventType
              + ". Events are @Event records, classes or interfaces, never primitives. Take an"
              + " @Event type, such as a record that carries the value.",
          handler.method().getParameters().get(0));
      return;
    }
    if (eventType.getKind() == TypeKind.TYPEVAR) {
      report.error(
          "NotAnEvent",
          "@Subscribe method "
              + signature
              + " takes type variable "
              + eventType
              + ". The event type of a handler must be known at build time to generate its"
              + " dispatch. Take a concrete @Event type; an @Event interface receives a whole"
              + " family of events.",
          handler.method().getParameters().get(0));
      return;
    }
    boolean isEvent =
        eventType.getKind() == TypeKind.DECLARED
            && AnnotationReader.has(((DeclaredType) eventType).asElement(), Names.EVENT);
    if (!isEvent) {
      report.error(
          "NotAnEvent",
          "@Subscribe method "
              + signature
              + " takes "
              + Signatures.simple(eventType)
              + ", which is not an @Event type. The bus delivers only @Event types, so this"
              + " handler would never be called. Annotate "
              + Signatures.simple(eventType)
              + " with @Event, or take an @Event type.",
          handler.method().getParameters().get(0));
    }
  }

  private void checkReturnType(HandlerModel handler, Report report) {
    TypeMirror returnType = handler.method().getReturnType();
    if (returnType.getKind() == TypeKind.VOID) {
      return;
    }
    if (handler.batch()) {
      report.error(
          "HandlerReturnType",
          "@Subscribe method "
              + handler.signature()
              + " returns "
              + Signatures.simple(returnType)
              + ". A batch handler runs on the DEFERRED thread and has finished when it returns,"
              + " so nothing would read a result. Return void.",
          handler.method());
      return;
    }
    TypeMirror stage = types.erasure(elements.getTypeElement(Names.COMPLETION_STAGE).asType());
    if (types.isAssignable(types.erasure(returnType), stage)) {
      return;
    }
    report.error(
        "HandlerReturnType",
        "@Subscribe method "
            + handler.signature()
            + " returns "
            + Signatures.simple(returnType)
            + ". The bus awaits a CompletionStage and would have to ignore any other value."
            + " Return void, or a CompletionStage<?> that completes when handling is done.",
        handler.method());
  }

  private void checkFilter(TypeElement listener, HandlerModel handler, Report report) {
    if (handler.filterName().isEmpty() || handler.filterMethod() != null) {
      return;
    }
    String event = Signatures.simple(handler.eventType());
    report.error(
        "FilterNotFound",
        "@Subscribe(filter = \""
            + handler.filterName()
            + "\") on "
            + handler.signature()
            + " names no usable method: "
            + candidates(listener, handler.filterName(), handler.eventType(), MethodShape.FILTER)
            + ". A filter is a method of the listener, boolean "
            + handler.filterName()
            + "("
            + event
            + " event), that generated code in its package can call. Declare that method, or"
            + " fix the name.",
        handler.method(),
        handler.annotation(),
        AnnotationReader.explicit(handler.annotation(), "filter"));
  }

  private void checkOnError(TypeElement listener, HandlerModel handler, Report report) {
    if (handler.onErrorName().isEmpty() || handler.onErrorMethod() != null) {
      return;
    }
    String event = Signatures.simple(handler.eventType());
    report.error(
        "ErrorHandlerNotFound",
        "@Subscribe(onError = \""
            + handler.onErrorName()
            + "\") on "
            + handler.signature()
            + " names no usable method: "
            + candidates(
                listener, handler.onErrorName(), handler.eventType(), MethodShape.ERROR_CALLBACK)
            + ". An error callback is a method of the listener, void "
            + handler.onErrorName()
            + "("
            + event
            + " event, Throwable error), that generated code in its package can call. Declare"
            + " that method, or fix the name.",
        handler.method(),
        handler.annotation(),
        AnnotationReader.explicit(handler.annotation(), "onError"));
  }

  /** Why each method of that name does not fit, or which methods would. */
  private String candidates(
      TypeElement listener, String name, TypeMirror eventType, MethodShape shape) {
    List<ExecutableElement> named = scanner.methodsNamed(listener, name);
    if (!named.isEmpty()) {
      return named.stream()
          .map(m -> Signatures.of(m) + " " + scanner.problem(listener, m, eventType, shape))
          .collect(Collectors.joining("; ", "candidates: ", ""));
    }
    List<String> fitting = new ArrayList<>();
    for (ExecutableElement m : ElementFilter.methodsIn(elements.getAllMembers(listener))) {
      if (scanner.problem(listener, m, eventType, shape) == null
          && !m.getEnclosingElement().toString().equals("java.lang.Object")) {
        fitting.add(Signatures.of(m));
      }
    }
    return "no method of "
        + listener.getSimpleName()
        + " is named "
        + name
        + (fitting.isEmpty() ? "" : "; methods that fit: " + String.join(", ", fitting));
  }

  private void checkTopics(HandlerModel handler, Report report) {
    for (StringValue topic : handler.topics()) {
      String problem = TopicSyntax.problem(topic.text(), true);
      if (problem == null) {
        continue;
      }
      report.error(
          "InvalidTopic",
          "@Subscribe topic pattern \""
              + topic.text()
              + "\" on "
              + handler.signature()
              + " is invalid: "
              + problem
              + ". Topics are tokens separated by dots; in a pattern '*' matches one token and"
              + " '>', last, matches the rest, as in NATS subjects. Write a pattern such as"
              + " \"orders.*.created\" or \"orders.>\".",
          handler.method(),
          handler.annotation(),
          topic.value());
    }
  }

  private void checkOrder(HandlerModel handler, Report report) {
    if (handler.order() >= Subscribe.MIN_ORDER && handler.order() <= Subscribe.MAX_ORDER) {
      return;
    }
    report.error(
        "OrderOutOfRange",
        "@Subscribe(order = "
            + handler.order()
            + ") on "
            + handler.signature()
            + " is out of range. Orders lie between "
            + Subscribe.MIN_ORDER
            + " and "
            + Subscribe.MAX_ORDER
            + " (Subscribe.MIN_ORDER and MAX_ORDER), which leaves room between handlers and keeps"
            + " comparisons exact. Choose an order in that range.",
        handler.method(),
        handler.annotation(),
        AnnotationReader.explicit(handler.annotation(), "order"));
  }

  /** Reports a handler that overrides an inherited handler. */
  private void checkOverride(TypeElement listener, HandlerModel handler, Report report) {
    for (ExecutableElement overridden : overriddenHandlers(listener, handler.method())) {
      TypeElement owner = (TypeElement) overridden.getEnclosingElement();
      report.error(
          "OverridingHandler",
          "@Subscribe method "
              + handler.signature()
              + " overrides "
              + owner.getSimpleName()
              + "."
              + Signatures.of(overridden)
              + ", which is already a @Subscribe handler. The inherited subscription calls this"
              + " override, so subscribing it again would deliver every event twice. Remove"
              + " @Subscribe here; the override still receives the events.",
          handler.method());
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

  /**
   * Warns about two handlers of one class that subscribe alike: same event type, topics,
   * priority, order, filter, and delivery mode (ordered, batched, timed). Unless {@code @SuppressWarnings("EventBus.DuplicateHandler")} on
   * the second method or its class says it is meant.
   */
  private void checkDuplicates(ListenerModel listener, Report report) {
    Map<String, HandlerModel> firstByKey = new HashMap<>();
    for (HandlerModel handler : listener.handlers()) {
      if (handler.eventType() == null) {
        continue;
      }
      String key =
          types.erasure(handler.eventType())
              + " on "
              + handler.topics().stream().map(StringValue::text).sorted().toList()
              + " at "
              + handler.priority()
              + " "
              + handler.order()
              + " filtered by "
              + handler.filterName()
              + (handler.ordered() ? " ordered" : "")
              + (handler.batch() ? " in batches" : "")
              + (handler.timeoutMillis() > 0 ? " timed" : "");
      HandlerModel first = firstByKey.putIfAbsent(key, handler);
      if (first == null || Suppressions.isSuppressed(handler.method(), DUPLICATE_HANDLER)) {
        continue;
      }
      report.warning(
          DUPLICATE_HANDLER,
          "@Subscribe method "
              + handler.signature()
              + " subscribes to "
              + Signatures.simple(handler.eventType())
              + " exactly like "
              + first.signature()
              + " in "
              + listener.type().getSimpleName()
              + " (same topics, priority, order, filter and delivery). Both will receive every such"
              + " event, which is often a copy-and-paste slip. Remove or merge one, or, if both are"
              + " meant, add @SuppressWarnings(\"EventBus."
              + DUPLICATE_HANDLER
              + "\").",
          handler.method());
    }
  }

  private static final String DUPLICATE_HANDLER = "DuplicateHandler";
}
