package io.torematrix.eventbus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The advice given when a class has no generated code. (What a class of an application module is
 * told is checked on the module path, by modular-app.)
 */
class EventTypesTest {

  @Test
  void aClassOnTheClassPathIsToldOnlyAboutTheProcessorPathAndTheCompilerPluginVersion() {
    class OnTheClassPath {}

    assertEquals(
        "eventbus-processor did not run when it was compiled. With Maven, add"
            + " io.torematrix.eventbus:eventbus-processor to the annotationProcessorPaths of the"
            + " maven-compiler-plugin, and give that plugin a <version> of 3.5 or later: without"
            + " one, Maven 3.8 uses 3.1, which ignores annotationProcessorPaths. With Gradle, add it"
            + " to the annotationProcessor configuration.",
        EventTypes.processorNotRun(OnTheClassPath.class));
  }

  @Test
  void aJdkClassIsNotToldToChangeItsModule() {
    String advice = EventTypes.processorNotRun(String.class);

    assertTrue(String.class.getModule().isNamed());
    assertFalse(advice.contains("module"), advice);
  }
}
