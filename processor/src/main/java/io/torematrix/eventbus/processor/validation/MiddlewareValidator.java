package io.torematrix.eventbus.processor.validation;

import io.torematrix.eventbus.annotation.TopicSyntax;
import io.torematrix.eventbus.processor.model.AnnotationReader;
import io.torematrix.eventbus.processor.model.AnnotationReader.StringValue;
import io.torematrix.eventbus.processor.model.AnnotationReader.TypeValue;
import io.torematrix.eventbus.processor.model.MiddlewareModel;
import io.torematrix.eventbus.processor.model.Names;
import io.torematrix.eventbus.processor.model.Signatures;
import java.util.HashMap;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Checks {@code @Middleware} classes: that they are middleware, that generated code can make
 * them, that their scope names {@code @Event} types and valid topic patterns, and that no two of
 * one compilation share an order. Remembers the orders seen, across rounds.
 */
public final class MiddlewareValidator {
  private final Elements elements;
  private final Types types;
  private final Map<Integer, String> ownerByOrder = new HashMap<>();

  public MiddlewareValidator(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  /** Validates {@code middleware}; a clean one's order is remembered. */
  public Report validate(MiddlewareModel middleware) {
    Report report = new Report();
    TypeElement type = middleware.type();
    String name = type.getSimpleName().toString();
    checkKind(type, name, report);
    checkReach(type, name, report);
    if (middleware.constructor() == null && middleware.factory() == null && type.getKind() == ElementKind.CLASS) {
      report.error(
          "MiddlewareConstructor",
          "@Middleware class "
              + name
              + " has no non-private no-argument constructor and no static create() method. The"
              + " generated index makes the instance the bus runs, and can only call one of those."
              + " Add a no-argument constructor or a static "
              + name
              + " create() method; to use an instance made elsewhere (by a DI container, say),"
              + " still declare one, and give the bus yours with"
              + " EventBus.builder().useMiddlewareInstance(...).",
          type);
    }
    for (TypeValue event : middleware.events()) {
      boolean isEvent =
          event.type().getKind() == TypeKind.DECLARED
              && AnnotationReader.has(((DeclaredType) event.type()).asElement(), Names.EVENT);
      if (!isEvent) {
        report.error(
            "MiddlewareNotAnEvent",
            "@Middleware(events = "
                + Signatures.simple(event.type())
                + ".class) on "
                + name
                + " names a type that is not an @Event type. The scope is matched against the"
                + " types of published events, and only @Event types are ever published. Name an"
                + " @Event type (an @Event interface covers a whole family).",
            type,
            middleware.annotation(),
            event.value());
      }
    }
    for (StringValue topic : middleware.topics()) {
      String problem = TopicSyntax.problem(topic.text(), true);
      if (problem != null) {
        report.error(
            "InvalidTopic",
            "@Middleware topic pattern \""
                + topic.text()
                + "\" on "
                + name
                + " is invalid: "
                + problem
                + ". Topics are tokens separated by dots; in a pattern '*' matches one token and"
                + " '>', last, matches the rest, as in NATS subjects. Write a pattern such as"
                + " \"orders.*.created\" or \"orders.>\".",
            type,
            middleware.annotation(),
            topic.value());
      }
    }
    if (!report.hasErrors()) {
      String qualifiedName = type.getQualifiedName().toString();
      String owner = ownerByOrder.putIfAbsent(middleware.order(), qualifiedName);
      if (owner != null && !owner.equals(qualifiedName)) {
        report.error(
            "DuplicateMiddlewareOrder",
            "@Middleware(order = "
                + middleware.order()
                + ") on "
                + name
                + " is already the order of "
                + owner
                + ". The chain runs middleware by order, and two with one order would run in no"
                + " defined sequence. Give each middleware its own order.",
            type,
            middleware.annotation(),
            AnnotationReader.explicit(middleware.annotation(), "order"));
      }
    }
    return report;
  }

  private void checkKind(TypeElement type, String name, Report report) {
    if (type.getKind() != ElementKind.CLASS) {
      report.error(
          "NotAMiddleware",
          "@Middleware is on "
              + type.getKind().toString().toLowerCase().replace('_', ' ')
              + " "
              + name
              + ". The bus runs instances of middleware classes. Put @Middleware on a class that"
              + " implements EventMiddleware.",
          type);
      return;
    }
    TypeElement middleware = elements.getTypeElement(Names.EVENT_MIDDLEWARE);
    if (middleware == null || !types.isAssignable(type.asType(), types.erasure(middleware.asType()))) {
      report.error(
          "NotAMiddleware",
          "@Middleware class "
              + name
              + " does not implement io.torematrix.eventbus.EventMiddleware. The bus calls"
              + " intercept(chain) on each middleware, which only an EventMiddleware has. Implement"
              + " EventMiddleware (with eventbus-runtime on the class path).",
          type);
    }
    if (type.getModifiers().contains(Modifier.ABSTRACT)) {
      report.error(
          "AbstractMiddleware",
          "@Middleware class "
              + name
              + " is abstract. The generated index makes an instance of it, which an abstract class"
              + " cannot have. Annotate a concrete subclass instead.",
          type);
    }
  }

  private void checkReach(TypeElement type, String name, Report report) {
    for (Element e = type; e instanceof TypeElement t; e = e.getEnclosingElement()) {
      boolean local = t.getNestingKind() == NestingKind.LOCAL || t.getNestingKind() == NestingKind.ANONYMOUS;
      boolean inner = t.getNestingKind() == NestingKind.MEMBER && !t.getModifiers().contains(Modifier.STATIC);
      if (local || inner || t.getModifiers().contains(Modifier.PRIVATE)) {
        report.error(
            "InaccessibleMiddleware",
            "@Middleware class "
                + name
                + (t == type ? " is " : " is nested in " + t.getSimpleName() + ", which is ")
                + (local ? "local" : inner ? "an inner (non-static) class" : "private")
                + ". The generated index makes the instance from the package, and cannot reach"
                + " such a class. Make it a package-private or public top-level or static nested"
                + " class.",
            type);
        return;
      }
    }
  }
}
