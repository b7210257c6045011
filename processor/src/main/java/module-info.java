/**
 * The Torematrix Event Bus annotation processor: validates {@code @Event} types and
 * {@code @Subscribe} methods and generates their dispatchers and per-package indexes.
 */
@SuppressWarnings("requires-automatic") // JavaPoet ships no module descriptor
module io.torematrix.eventbus.processor {
  requires io.torematrix.eventbus.annotations;
  requires java.compiler;
  requires jdk.compiler;
  requires com.palantir.javapoet;

  // The order matters: EventBusProcessor must see each round before AnnotationClaimer claims it.
  provides javax.annotation.processing.Processor with
      io.torematrix.eventbus.processor.EventBusProcessor,
      io.torematrix.eventbus.processor.AnnotationClaimer;
}
