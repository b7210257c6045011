package io.torematrix.eventbus.processor.codegen;

import com.palantir.javapoet.ClassName;

/** The runtime types generated code refers to, named without loading them. */
final class RuntimeTypes {
  private static final String SPI = "io.torematrix.eventbus.spi";

  static final ClassName EVENT_BUS_INDEX = ClassName.get(SPI, "EventBusIndex");
  static final ClassName EVENT_TYPE_INFO = ClassName.get(SPI, "EventTypeInfo");
  static final ClassName LISTENER_DISPATCHER = ClassName.get(SPI, "ListenerDispatcher");
  static final ClassName HANDLER_REGISTRAR = ClassName.get(SPI, "HandlerRegistrar");
  static final ClassName HANDLER_SPEC = ClassName.get(SPI, "HandlerSpec");
  static final ClassName MIDDLEWARE_INFO = ClassName.get(SPI, "MiddlewareInfo");
  static final ClassName PRIORITY = ClassName.get("io.torematrix.eventbus.annotation", "Priority");
  static final ClassName DURABLE_START =
      ClassName.get("io.torematrix.eventbus.annotation", "DurableStart");
  static final ClassName RETRY_POLICY = ClassName.get("io.torematrix.eventbus", "RetryPolicy");
  static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");

  private RuntimeTypes() {}
}
