package io.torematrix.eventbus.processor.validation;

import io.torematrix.eventbus.annotation.TopicSyntax;
import io.torematrix.eventbus.processor.model.AnnotationReader;
import io.torematrix.eventbus.processor.model.EventTypeModel;
import java.util.HashMap;
import java.util.Map;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.ElementFilter;

/**
 * Checks {@code @Event} types: their kind (record, final class with final fields, or interface),
 * their reach from generated code, and their name, version and topic. Remembers the names seen in
 * this compilation, across rounds, to reject duplicates.
 */
public final class EventTypeValidator {
  private final Map<String, String> ownerByName = new HashMap<>();

  /** Validates {@code event}; a clean event's name is remembered. */
  public Report validate(EventTypeModel event) {
    Report report = new Report();
    TypeElement type = event.element();
    checkKind(type, report);
    checkReach(type, report);
    if (!type.getTypeParameters().isEmpty()) {
      report.error(
          "GenericEvent",
          "@Event type "
              + type.getSimpleName()
              + " declares type parameters. Type arguments are erased at run time and stored events"
              + " carry none, so events of different arguments could not be told apart. Remove the"
              + " type parameters, or declare one event type per argument.",
          type);
    }
    checkName(event, report);
    checkVersion(event, report);
    checkTopic(event, report);
    if (!report.hasErrors()) {
      String owner = ownerByName.putIfAbsent(event.name(), type.getQualifiedName().toString());
      if (owner != null && !owner.equals(type.getQualifiedName().toString())) {
        report.error(
            "DuplicateEventName",
            "@Event name \""
                + event.name()
                + "\" of "
                + type.getSimpleName()
                + " is already the name of "
                + owner
                + ". Stored and exchanged events are identified by name, so the two types could"
                + " not be told apart. Give one of them another name.",
            type,
            event.annotation(),
            AnnotationReader.explicit(event.annotation(), "name"));
      }
    }
    return report;
  }

  private void checkKind(TypeElement type, Report report) {
    ElementKind kind = type.getKind();
    if (kind == ElementKind.ENUM) {
      report.error(
          "EnumEvent",
          "@Event is on enum "
              + type.getSimpleName()
              + ". An event is a fact with its own data, published and stored one instance at a"
              + " time, while enum constants are shared singletons. Carry the value in a record,"
              + " such as record "
              + type.getSimpleName()
              + "Changed("
              + type.getSimpleName()
              + " value).",
          type);
      return;
    }
    if (kind == ElementKind.ANNOTATION_TYPE) {
      report.error(
          "EventKind",
          "@Event is on annotation type "
              + type.getSimpleName()
              + ". Events are instances published at run time, which an annotation type cannot"
              + " have. Declare a record, a final class or an interface instead.",
          type);
      return;
    }
    if (kind == ElementKind.CLASS) {
      if (!type.getModifiers().contains(Modifier.FINAL)) {
        report.error(
            "NonFinalEvent",
            "@Event class "
                + type.getSimpleName()
                + " is not final. The bus recognises events by their exact class, so an instance"
                + " of a subclass would be refused. Make the class final, make it a record, or make"
                + " it an interface to describe a family of events.",
            type);
      }
      if (type.getNestingKind() == NestingKind.MEMBER
          && !type.getModifiers().contains(Modifier.STATIC)) {
        report.error(
            "InnerClassEvent",
            "@Event class "
                + type.getSimpleName()
                + " is an inner class. Each instance would hold a hidden reference to its enclosing"
                + " object, shared with every handler and stored with the event. Make it static.",
            type);
      }
      checkFields(type, type, report);
    }
  }

  /** Reports each non-final instance field of {@code type} and of its superclasses. */
  private void checkFields(TypeElement event, TypeElement type, Report report) {
    for (VariableElement field : ElementFilter.fieldsIn(type.getEnclosedElements())) {
      if (field.getModifiers().contains(Modifier.STATIC)
          || field.getModifiers().contains(Modifier.FINAL)) {
        continue;
      }
      boolean inherited = type != event;
      report.error(
          "MutableEvent",
          "@Event class "
              + event.getSimpleName()
              + (inherited ? " inherits" : " has")
              + " non-final field "
              + (inherited ? type.getSimpleName() + "." : "")
              + field.getSimpleName()
              + ". Events are shared by every handler and stored as published, so they must not"
              + " change afterwards. Make the field final, or make "
              + event.getSimpleName()
              + " a record.",
          inherited ? event : field);
    }
    if (type.getSuperclass().getKind() == TypeKind.DECLARED) {
      TypeElement superclass = (TypeElement) ((DeclaredType) type.getSuperclass()).asElement();
      if (!superclass.getQualifiedName().contentEquals("java.lang.Object")) {
        checkFields(event, superclass, report);
      }
    }
  }

  private void checkReach(TypeElement type, Report report) {
    for (Element e = type; e instanceof TypeElement t; e = e.getEnclosingElement()) {
      boolean local = t.getNestingKind() == NestingKind.LOCAL;
      if (local || t.getModifiers().contains(Modifier.PRIVATE)) {
        report.error(
            "InaccessibleEvent",
            "@Event type "
                + type.getSimpleName()
                + (t == type ? " is " : " is nested in " + t.getSimpleName() + ", which is ")
                + (local ? "local to a method" : "private")
                + ". The generated index names every event type from its package, and cannot"
                + " reach it. Make it a package-private or public top-level or static nested type.",
            type);
        return;
      }
    }
  }

  private void checkName(EventTypeModel event, Report report) {
    String problem = EventNames.problem(event.name());
    if (problem == null) {
      return;
    }
    AnnotationValue written = AnnotationReader.explicit(event.annotation(), "name");
    report.error(
        "InvalidEventName",
        (written == null
                ? "@Event type " + event.element().getSimpleName() + " has no name, and its default"
                    + " name \"" + event.name() + "\" (the canonical class name) is invalid: "
                : "@Event(name = \"" + event.name() + "\") is not a valid event name: ")
            + problem
            + ". Names are dot-separated tokens of ASCII letters, digits, '-' and '_', each"
            + " starting with a letter or digit, so that they can also serve as topics. Write a"
            + " name such as \"user.logged-in\".",
        event.element(),
        written == null ? null : event.annotation(),
        written);
  }

  private void checkVersion(EventTypeModel event, Report report) {
    if (event.version() >= 1) {
      return;
    }
    report.error(
        "InvalidEventVersion",
        "@Event(version = "
            + event.version()
            + ") is not a valid version. Versions start at 1 and grow with each incompatible"
            + " change, so that stored events of older versions can be upcast. Use version = 1 for"
            + " a new type.",
        event.element(),
        event.annotation(),
        AnnotationReader.explicit(event.annotation(), "version"));
  }

  private void checkTopic(EventTypeModel event, Report report) {
    AnnotationValue written = AnnotationReader.explicit(event.annotation(), "topic");
    if (written == null) {
      return;
    }
    String problem = TopicSyntax.problem(event.defaultTopic(), false);
    if (problem == null) {
      return;
    }
    report.error(
        "InvalidTopic",
        "@Event(topic = \""
            + event.defaultTopic()
            + "\") is not a valid topic: "
            + problem
            + ". A default topic names where events are published, so it is concrete: tokens"
            + " separated by dots, without wildcards. Write a topic such as \"users.login\".",
        event.element(),
        event.annotation(),
        written);
  }
}
