package io.torematrix.eventbus;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The runtime's promise, enforced on its compiled classes: nothing in its main code uses
 * reflection, method handles or loads classes by name. {@code ServiceLoader}, used once to find
 * generated indexes, is allowed.
 */
class ReflectionFreeTest {
  private static final JavaClasses RUNTIME =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.torematrix.eventbus");

  private static final ArchRule NO_JAVA_LANG_REFLECT =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAPackage("java.lang.reflect..")
          .because("dispatch goes through generated code, never reflection");

  @Test
  void runtimeDoesNotUseJavaLangReflect() {
    NO_JAVA_LANG_REFLECT.check(RUNTIME);
  }

  @Test
  void theRuleCatchesReflectionWhereItIsUsed() {
    JavaClasses reflective = new ClassFileImporter().importClasses(Reflective.class);
    assertTrue(NO_JAVA_LANG_REFLECT.evaluate(reflective).hasViolation());
  }

  /** A class that uses reflection, to prove the rule would notice. */
  static final class Reflective {
    Object call(Object target) throws ReflectiveOperationException {
      return target.getClass().getDeclaredMethod("toString").invoke(target);
    }
  }

  @Test
  void runtimeDoesNotUseMethodHandles() {
    ArchRule rule =
        noClasses()
            .should()
            .dependOnClassesThat()
            .haveFullyQualifiedName("java.lang.invoke.MethodHandle")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("java.lang.invoke.MethodHandles")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("java.lang.invoke.MethodHandles$Lookup")
            .because("dispatch goes through generated code, never method handles");
    rule.check(RUNTIME);
  }

  @Test
  void runtimeDoesNotLoadClassesByName() {
    ArchRule rule =
        noClasses()
            .should()
            .callMethod(Class.class, "forName", String.class)
            .orShould()
            .callMethod(Class.class, "forName", String.class, boolean.class, ClassLoader.class)
            .orShould()
            .callMethod(ClassLoader.class, "loadClass", String.class)
            .orShould()
            .callMethod(Class.class, "getDeclaredMethods")
            .orShould()
            .callMethod(Class.class, "getMethods")
            .orShould()
            .callMethod(Class.class, "getDeclaredConstructor", Class[].class)
            .because("types are known from generated indexes, never looked up by name");
    rule.check(RUNTIME);
  }
}
