package io.torematrix.eventbus.processor.validation;

import io.torematrix.eventbus.annotation.TopicSyntax;
import io.torematrix.eventbus.processor.model.AnnotationReader;
import io.torematrix.eventbus.processor.model.AnnotationReader.StringValue;
import io.torematrix.eventbus.processor.model.AnnotationReader.TypeValue;
import io.torematrix.eventbus.processor.model.MiddlewareModel;
import io.torematrix.eventbus.processor.model.Names;
import io.torematrix.eventbus.processor.model.Signatures;
import java.util.HashMap;
import java.util.Locale;
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

  /**
   * A validator of one compilation, which remembers orders across its rounds.
   *
   * @param elements the processing environment's element utilities
   * @param types the processing environment's type utilities
   */
  public MiddlewareValidator(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  /**
   * Validates a middleware class; a clean one's order is remembered, so that a later one of the
   * same order is reported.
   *
   * @param middleware the middleware's model
   * @return what is wrong with it, empty if nothing
   */
  public Report validate(MiddlewareModel middleware) {
    Report report = new Report();
    TypeElement type = middleware.type();
    String name = type.getSimpleName().toString();
    checkKind(type, name, report);
    boolean reachable = checkReach(type, name, report);
    if (reachable
        && middleware.constructor() == null && middleware.factory() == null && type.getKind() == ElementKind.CLASS) {
      report.add(Diagnostic.MIDDLEWARE_CONSTRUCTOR, type, name);
    }
    for (TypeValue event : middleware.events()) {
      boolean isEvent =
          event.type().getKind() == TypeKind.DECLARED
              && AnnotationReader.has(((DeclaredType) event.type()).asElement(), Names.EVENT);
      if (!isEvent) {
        report.addOnValue(
            Diagnostic.MIDDLEWARE_NOT_AN_EVENT,
            type,
            middleware.annotation(),
            event.value(),
            name,
            Signatures.simple(event.type()));
      }
    }
    for (StringValue topic : middleware.topics()) {
      String problem = TopicSyntax.problem(topic.text(), true);
      if (problem != null) {
        report.addOnValue(
            Diagnostic.INVALID_MIDDLEWARE_TOPIC,
            type,
            middleware.annotation(),
            topic.value(),
            name,
            topic.text(),
            problem);
      }
    }
    if (!report.hasErrors()) {
      String qualifiedName = type.getQualifiedName().toString();
      String owner = ownerByOrder.putIfAbsent(middleware.order(), qualifiedName);
      if (owner != null && !owner.equals(qualifiedName)) {
        report.addOnValue(
            Diagnostic.DUPLICATE_MIDDLEWARE_ORDER,
            type,
            middleware.annotation(),
            AnnotationReader.explicit(middleware.annotation(), "order"),
            name,
            middleware.order(),
            owner);
      }
    }
    return report;
  }

  private void checkKind(TypeElement type, String name, Report report) {
    if (type.getKind() != ElementKind.CLASS) {
      report.add(
          Diagnostic.MIDDLEWARE_KIND,
          type,
          name,
          type.getKind().toString().toLowerCase(Locale.ROOT).replace('_', ' '));
      return;
    }
    TypeElement middleware = elements.getTypeElement(Names.EVENT_MIDDLEWARE);
    if (middleware == null || !types.isAssignable(type.asType(), types.erasure(middleware.asType()))) {
      report.add(Diagnostic.NOT_A_MIDDLEWARE, type, name);
    }
    if (type.getModifiers().contains(Modifier.ABSTRACT)) {
      report.add(Diagnostic.ABSTRACT_MIDDLEWARE, type, name);
    }
  }

  /** Reports a class the index could not reach; returns whether it can. */
  private boolean checkReach(TypeElement type, String name, Report report) {
    for (Element e = type; e instanceof TypeElement t; e = e.getEnclosingElement()) {
      boolean local = t.getNestingKind() == NestingKind.LOCAL || t.getNestingKind() == NestingKind.ANONYMOUS;
      boolean inner = t.getNestingKind() == NestingKind.MEMBER && !t.getModifiers().contains(Modifier.STATIC);
      if (local || inner || t.getModifiers().contains(Modifier.PRIVATE)) {
        String what =
            (t == type ? "is " : "is nested in " + t.getSimpleName() + ", which is ")
                + (local ? "local" : inner ? "an inner (non-static) class" : "private");
        report.add(Diagnostic.INACCESSIBLE_MIDDLEWARE, type, name, what);
        return false;
      }
    }
    return true;
  }
}
