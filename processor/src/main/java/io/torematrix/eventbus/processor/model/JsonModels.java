package io.torematrix.eventbus.processor.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Decides whether an event type can be written as JSON by generated code, and models it and every
 * record or class it holds. The answer is either the models to generate adapters for, or the first
 * property that cannot be handled and why.
 */
public final class JsonModels {
  /** Types {@code JsonAdapters} has a constant for. */
  public static final Set<String> VALUE_TYPES =
      Set.of(
          "java.lang.String",
          "java.lang.Boolean",
          "java.lang.Integer",
          "java.lang.Long",
          "java.lang.Short",
          "java.lang.Byte",
          "java.lang.Double",
          "java.lang.Float",
          "java.lang.Character",
          "java.math.BigDecimal",
          "java.math.BigInteger",
          "java.util.UUID",
          "java.time.Instant",
          "java.time.LocalDate",
          "java.time.LocalTime",
          "java.time.LocalDateTime",
          "java.time.OffsetDateTime",
          "java.time.ZonedDateTime",
          "java.time.Duration");

  /** Containers {@code JsonAdapters} composes. */
  public static final Set<String> CONTAINERS =
      Set.of("java.util.List", "java.util.Set", "java.util.Map", "java.util.Optional");

  private final Elements elements;
  private final Types types;

  /**
   * Models of one compilation.
   *
   * @param elements the processing environment's element utilities
   * @param types the processing environment's type utilities
   */
  public JsonModels(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  /**
   * The outcome: the models to generate, or the reason there can be none, reported on {@code
   * problemAt} (the event type).
   */
  public record Result(List<JsonTypeModel> models, Element problemAt, String problem) {
    /** {@return whether there is no problem, and so {@code models} are the ones to generate} */
    public boolean ok() {
      return problem == null;
    }
  }

  /**
   * Models an event type for JSON, with every type it holds.
   *
   * @param event an {@code @Event} type
   * @return the models of {@code event} and of the types it holds, or the reason there can be
   *     none
   */
  public Result of(TypeElement event) {
    Map<String, JsonTypeModel> models = new LinkedHashMap<>();
    List<TypeElement> pending = new ArrayList<>(List.of(event));
    while (!pending.isEmpty()) {
      TypeElement type = pending.remove(0);
      String name = type.getQualifiedName().toString();
      if (models.containsKey(name)) {
        continue;
      }
      Object modelOrProblem = model(type);
      if (modelOrProblem instanceof Problem problem) {
        return new Result(List.of(), event, problem.message());
      }
      JsonTypeModel model = (JsonTypeModel) modelOrProblem;
      models.put(name, model);
      for (JsonTypeModel.Property property : model.properties()) {
        Problem problem = collect(property.type(), pending, type, property.name());
        if (problem != null) {
          return new Result(List.of(), event, problem.message());
        }
      }
    }
    return new Result(List.copyOf(models.values()), null, null);
  }

  private record Problem(Element at, String message) {}

  private Object model(TypeElement type) {
    if (!type.getTypeParameters().isEmpty()) {
      return new Problem(type, type.getSimpleName() + " is generic");
    }
    if (type.getKind() == ElementKind.RECORD) {
      List<JsonTypeModel.Property> properties = new ArrayList<>();
      for (RecordComponentElement component : type.getRecordComponents()) {
        properties.add(
            new JsonTypeModel.Property(
                component.getSimpleName().toString(),
                component.asType(),
                component.getSimpleName() + "()"));
      }
      return new JsonTypeModel(type, List.copyOf(properties));
    }
    if (type.getKind() != ElementKind.CLASS || !type.getModifiers().contains(Modifier.FINAL)) {
      return new Problem(
          type, type.getSimpleName() + " is neither a record nor a final class");
    }
    List<VariableElement> fields = new ArrayList<>();
    for (VariableElement field : ElementFilter.fieldsIn(type.getEnclosedElements())) {
      if (!field.getModifiers().contains(Modifier.STATIC)) {
        fields.add(field);
      }
    }
    if (!hasConstructorTaking(type, fields)) {
      return new Problem(
          type,
          type.getSimpleName()
              + " has no constructor taking its fields in declaration order, which reading"
              + " needs");
    }
    List<JsonTypeModel.Property> properties = new ArrayList<>();
    for (VariableElement field : fields) {
      String access = access(type, field);
      if (access == null) {
        return new Problem(
            field,
            "field "
                + field.getSimpleName()
                + " of "
                + type.getSimpleName()
                + " is private and has no accessor "
                + field.getSimpleName()
                + "() or getter");
      }
      properties.add(new JsonTypeModel.Property(field.getSimpleName().toString(), field.asType(), access));
    }
    return new JsonTypeModel(type, List.copyOf(properties));
  }

  private boolean hasConstructorTaking(TypeElement type, List<VariableElement> fields) {
    for (ExecutableElement constructor : ElementFilter.constructorsIn(type.getEnclosedElements())) {
      if (constructor.getModifiers().contains(Modifier.PRIVATE)
          || constructor.getParameters().size() != fields.size()) {
        continue;
      }
      boolean matches = true;
      for (int i = 0; i < fields.size(); i++) {
        matches &=
            types.isSameType(constructor.getParameters().get(i).asType(), fields.get(i).asType());
      }
      if (matches) {
        return true;
      }
    }
    return false;
  }

  private String access(TypeElement type, VariableElement field) {
    if (!field.getModifiers().contains(Modifier.PRIVATE)) {
      return field.getSimpleName().toString();
    }
    String name = field.getSimpleName().toString();
    String capitalized = Character.toUpperCase(name.charAt(0)) + name.substring(1);
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      String methodName = method.getSimpleName().toString();
      boolean named =
          methodName.equals(name) || methodName.equals("get" + capitalized) || methodName.equals("is" + capitalized);
      if (named
          && method.getParameters().isEmpty()
          && !method.getModifiers().contains(Modifier.PRIVATE)
          && !method.getModifiers().contains(Modifier.STATIC)
          && types.isSameType(method.getReturnType(), field.asType())) {
        return methodName + "()";
      }
    }
    return null;
  }

  /** Adds the records and classes {@code type} holds to {@code pending}; or says why it cannot. */
  private Problem collect(TypeMirror type, List<TypeElement> pending, TypeElement owner, String property) {
    if (type.getKind().isPrimitive()) {
      return null;
    }
    if (type.getKind() == TypeKind.ARRAY) {
      return ((ArrayType) type).getComponentType().getKind() == TypeKind.BYTE
          ? null
          : unsupported(owner, property, type);
    }
    if (type.getKind() != TypeKind.DECLARED) {
      return unsupported(owner, property, type);
    }
    DeclaredType declared = (DeclaredType) type;
    TypeElement element = (TypeElement) declared.asElement();
    String name = element.getQualifiedName().toString();
    if (VALUE_TYPES.contains(name) || element.getKind() == ElementKind.ENUM) {
      return null;
    }
    if (CONTAINERS.contains(name)) {
      List<? extends TypeMirror> arguments = declared.getTypeArguments();
      if (arguments.isEmpty()) {
        return unsupported(owner, property, type);
      }
      if (name.equals("java.util.Map")
          && !types.isSameType(arguments.get(0), elements.getTypeElement("java.lang.String").asType())) {
        return new Problem(
            owner,
            "property " + property + " of " + owner.getSimpleName() + " is a Map whose keys are not strings");
      }
      TypeMirror contained = arguments.get(arguments.size() - 1);
      if (name.equals("java.util.Optional") && isOptional(contained)) {
        return typeProblem(
            owner, property, type, "an Optional of an Optional, whose two empty forms JSON cannot tell apart");
      }
      return collect(contained, pending, owner, property);
    }
    boolean record = element.getKind() == ElementKind.RECORD;
    boolean finalClass =
        element.getKind() == ElementKind.CLASS && element.getModifiers().contains(Modifier.FINAL);
    if ((record || finalClass) && !element.getModifiers().contains(Modifier.PRIVATE)) {
      pending.add(element);
      return null;
    }
    return unsupported(owner, property, type);
  }

  private static boolean isOptional(TypeMirror type) {
    return type.getKind() == TypeKind.DECLARED
        && ((TypeElement) ((DeclaredType) type).asElement())
            .getQualifiedName()
            .contentEquals("java.util.Optional");
  }

  private Problem unsupported(TypeElement owner, String property, TypeMirror type) {
    return typeProblem(owner, property, type, "which the JSON codec does not handle");
  }

  /** "property p of Owner has type T, {@code why}". */
  private static Problem typeProblem(TypeElement owner, String property, TypeMirror type, String why) {
    return new Problem(
        owner,
        "property " + property + " of " + owner.getSimpleName() + " has type " + Signatures.simple(type) + ", " + why);
  }
}
