package io.torematrix.eventbus.processor;

import io.torematrix.eventbus.processor.model.AnnotationReader;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * Claims this library's annotations ({@code @Event}, {@code @Subscribe}, {@code @Middleware}) and
 * the {@code @Generated} on code {@link EventBusProcessor} wrote, so that javac's {@code
 * -Xlint:processing} ("No processor claimed any of these annotations") stays quiet and {@code
 * -Xlint:all -Werror} builds pass. It does no work of its own.
 *
 * <p>{@link EventBusProcessor} must not claim: it supports every annotation type ({@code "*"}) to
 * run even where the only handlers sit in anonymous classes, and claiming would take every
 * annotation from the processors after it. This processor is registered after it (in {@code
 * META-INF/services} and in {@code module-info}), because javac stops offering a round to the
 * processors that come after the last unclaimed annotation. A round holding a {@code @Generated}
 * written by another tool is not claimed at all, so nobody else's annotation is taken.
 */
public final class AnnotationClaimer extends AbstractProcessor {
  static final String GENERATED = "javax.annotation.processing.Generated";

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of("io.torematrix.eventbus.annotation.*", GENERATED);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    for (TypeElement annotation : annotations) {
      if (annotation.getQualifiedName().contentEquals(GENERATED)) {
        for (Element element : round.getElementsAnnotatedWith(annotation)) {
          if (!generatedByUs(element)) {
            return false;
          }
        }
      }
    }
    return true;
  }

  private static boolean generatedByUs(Element element) {
    AnnotationMirror generated = AnnotationReader.find(element, GENERATED).orElseThrow();
    return generated.getElementValues().values().stream()
        .anyMatch(v -> v.toString().contains(EventBusProcessor.class.getName()));
  }
}
