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

  /**
   * Validates an event type; a clean one's name is remembered, so that a later type of the same
   * name, in this round or another, is reported.
   *
   * @param event the event type's model
   * @return what is wrong with it, empty if nothing
   */
  public Report validate(EventTypeModel event) {
    Report report = new Report();
    TypeElement type = event.element();
    checkKind(type, report);
    checkReach(type, report);
    if (!type.getTypeParameters().isEmpty()) {
      report.add(Diagnostic.GENERIC_EVENT, type, type.getSimpleName());
    }
    checkName(event, report);
    checkVersion(event, report);
    checkTopic(event, report);
    if (!report.hasErrors()) {
      String owner = ownerByName.putIfAbsent(event.name(), type.getQualifiedName().toString());
      if (owner != null && !owner.equals(type.getQualifiedName().toString())) {
        report.addOnValue(
            Diagnostic.DUPLICATE_EVENT_NAME,
            type,
            event.annotation(),
            AnnotationReader.explicit(event.annotation(), "name"),
            type.getSimpleName(),
            event.name(),
            owner);
      }
    }
    return report;
  }

  private void checkKind(TypeElement type, Report report) {
    ElementKind kind = type.getKind();
    if (kind == ElementKind.ENUM) {
      report.add(Diagnostic.ENUM_EVENT, type, type.getSimpleName());
      return;
    }
    if (kind == ElementKind.ANNOTATION_TYPE) {
      report.add(Diagnostic.EVENT_KIND, type, type.getSimpleName());
      return;
    }
    if (kind == ElementKind.CLASS) {
      if (!type.getModifiers().contains(Modifier.FINAL)) {
        report.add(Diagnostic.NON_FINAL_EVENT, type, type.getSimpleName());
      }
      if (type.getNestingKind() == NestingKind.MEMBER
          && !type.getModifiers().contains(Modifier.STATIC)) {
        report.add(Diagnostic.INNER_CLASS_EVENT, type, type.getSimpleName());
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
      if (type == event) {
        report.add(Diagnostic.MUTABLE_EVENT, field, event.getSimpleName(), field.getSimpleName());
      } else {
        report.add(
            Diagnostic.INHERITED_MUTABLE_EVENT,
            event,
            event.getSimpleName(),
            type.getSimpleName() + "." + field.getSimpleName());
      }
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
        String what =
            (t == type ? "is " : "is nested in " + t.getSimpleName() + ", which is ")
                + (local ? "local to a method" : "private");
        report.add(Diagnostic.INACCESSIBLE_EVENT, type, type.getSimpleName(), what);
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
    Diagnostic diagnostic =
        written == null ? Diagnostic.INVALID_DEFAULT_EVENT_NAME : Diagnostic.INVALID_EVENT_NAME;
    report.addOnValue(
        diagnostic,
        event.element(),
        written == null ? null : event.annotation(),
        written,
        event.element().getSimpleName(),
        event.name(),
        problem);
  }

  private void checkVersion(EventTypeModel event, Report report) {
    if (event.version() >= 1) {
      return;
    }
    report.addOnValue(
        Diagnostic.INVALID_EVENT_VERSION,
        event.element(),
        event.annotation(),
        AnnotationReader.explicit(event.annotation(), "version"),
        event.element().getSimpleName(),
        event.version());
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
    report.addOnValue(
        Diagnostic.INVALID_EVENT_TOPIC,
        event.element(),
        event.annotation(),
        written,
        event.element().getSimpleName(),
        event.defaultTopic(),
        problem);
  }
}
