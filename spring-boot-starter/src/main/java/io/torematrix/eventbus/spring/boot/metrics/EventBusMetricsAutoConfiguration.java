package io.torematrix.eventbus.spring.boot.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.micrometer.EventBusMetricsBinder;
import io.torematrix.eventbus.spring.boot.EventBusAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/**
 * Publishes the bus's figures as Micrometer meters ({@code eventbus.*}, see {@link
 * EventBusMetricsBinder}) when the application has a {@link MeterRegistry} bean. The binder is a
 * {@code MeterBinder} bean, which Spring Boot's metrics auto-configuration binds to every
 * registry; turn the meters off with {@code management.metrics.enable.eventbus=false}.
 */
@AutoConfiguration(
    after = EventBusAutoConfiguration.class,
    afterName = {
      "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
    })
@ConditionalOnClass({MeterRegistry.class, EventBusMetricsBinder.class})
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnSingleCandidate(EventBus.class)
public class EventBusMetricsAutoConfiguration {
  /** Made by Spring when the auto-configuration applies. */
  public EventBusMetricsAutoConfiguration() {}


  /**
   * Binds the bus's figures to the application's meter registries.
   *
   * @param bus the application's one bus
   * @return the binder, which Spring Boot binds to each {@code MeterRegistry}
   */
  @Bean
  @ConditionalOnMissingBean
  public EventBusMetricsBinder eventBusMetricsBinder(EventBus bus) {
    return new EventBusMetricsBinder(bus);
  }
}
