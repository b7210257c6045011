package io.torematrix.eventbus.spring.boot.actuate;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.spi.EventStore;
import io.torematrix.eventbus.spring.boot.EventBusAutoConfiguration;
import io.torematrix.eventbus.spring.boot.EventBusProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.annotation.Bean;

/**
 * Defines the {@code eventBus} health indicator ({@link EventBusHealthIndicator}) when Spring
 * Boot's health support is on the class path, unless {@code management.health.eventbus.enabled}
 * is false.
 */
@AutoConfiguration(
    after = EventBusAutoConfiguration.class,
    beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass(Health.class)
@ConditionalOnEnabledHealthIndicator("eventbus")
@ConditionalOnSingleCandidate(EventBus.class)
public class EventBusHealthContributorAutoConfiguration {
  /** Made by Spring when the auto-configuration applies. */
  public EventBusHealthContributorAutoConfiguration() {}


  /**
   * Judges the bus's queues and, if the application has a single store bean, that store.
   *
   * @param bus the application's one bus
   * @param store the {@code EventStore} bean, used only if there is exactly one
   * @param properties where {@code torematrix.eventbus.health.saturation-threshold} is read
   * @return the {@code eventbus} health indicator
   */
  @Bean
  @ConditionalOnMissingBean(name = "eventBusHealthIndicator")
  public EventBusHealthIndicator eventBusHealthIndicator(
      EventBus bus, ObjectProvider<EventStore> store, EventBusProperties properties) {
    return new EventBusHealthIndicator(
        bus, store.getIfUnique(), properties.getHealth().getSaturationThreshold());
  }
}
