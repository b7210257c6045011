package io.torematrix.eventbus.processor.model;

import java.util.stream.Collectors;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;

/** Short, readable renderings of methods and types for messages and descriptions. */
public final class Signatures {
  private Signatures() {}

  /**
   * Renders a method.
   *
   * @param method a method
   * @return {@code name(Type, Other)}, with simple type names
   */
  public static String of(ExecutableElement method) {
    return method.getSimpleName()
        + method.getParameters().stream()
            .map(p -> simple(p.asType()))
            .collect(Collectors.joining(", ", "(", ")"));
  }

  /**
   * Renders a type.
   *
   * @param type any type
   * @return its simple name, keeping type arguments and wildcards: {@code List<? extends Order>}
   */
  public static String simple(TypeMirror type) {
    if (type.getKind() == TypeKind.DECLARED) {
      DeclaredType declared = (DeclaredType) type;
      String name = declared.asElement().getSimpleName().toString();
      if (declared.getTypeArguments().isEmpty()) {
        return name;
      }
      return name
          + declared.getTypeArguments().stream()
              .map(Signatures::simple)
              .collect(Collectors.joining(", ", "<", ">"));
    }
    if (type instanceof WildcardType wildcard) {
      if (wildcard.getExtendsBound() != null) {
        return "? extends " + simple(wildcard.getExtendsBound());
      }
      if (wildcard.getSuperBound() != null) {
        return "? super " + simple(wildcard.getSuperBound());
      }
      return "?";
    }
    return type.toString();
  }
}
