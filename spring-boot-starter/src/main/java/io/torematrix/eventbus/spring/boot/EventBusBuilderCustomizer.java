package io.torematrix.eventbus.spring.boot;

import io.torematrix.eventbus.EventBusBuilder;

/**
 * Adjusts the builder of the auto-configured bus, for the settings no property covers: an
 * executor, a codec, upcasters. Every bean of this type is applied, in {@link
 * org.springframework.core.annotation.Order @Order}, after the properties, the middleware, error
 * handler and store beans; what it sets wins.
 *
 * <pre>{@code
 * @Bean
 * EventBusBuilderCustomizer upcasting() {
 *   return builder -> builder.upcaster(new OrderPlacedV1ToV2());
 * }
 * }</pre>
 *
 * Called once, on the thread that creates the bus bean.
 */
@FunctionalInterface
public interface EventBusBuilderCustomizer {

  /**
   * Adjusts {@code builder}, which builds the bus once every customizer has run.
   *
   * @param builder the bus's builder, already given the properties, middleware, error handlers
   *     and store; an exception thrown here fails the bus bean's creation, and so the context
   */
  void customize(EventBusBuilder builder);
}
