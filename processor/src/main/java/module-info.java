/**
 * The Torematrix Event Bus annotation processor: validates {@code @Event} types and
 * {@code @Subscribe} methods and generates their dispatchers and per-package indexes.
 */
@SuppressWarnings("requires-automatic") // JavaPoet and auto-service ship no module descriptor
module io.torematrix.eventbus.processor {
  requires io.torematrix.eventbus.annotations;
  requires java.compiler;
  requires jdk.compiler;
  requires com.palantir.javapoet;
  requires static com.google.auto.service;

  provides javax.annotation.processing.Processor with
      io.torematrix.eventbus.processor.EventBusProcessor;
}
