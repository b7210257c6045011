package io.torematrix.eventbus.spring.boot.actuate;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.spring.boot.EventBusAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/**
 * Defines the {@code eventbus} Actuator endpoint ({@link EventBusEndpoint}) when Actuator is on
 * the class path and the endpoint is enabled and exposed ({@code
 * management.endpoints.web.exposure.include=eventbus} for HTTP).
 */
@AutoConfiguration(after = EventBusAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnAvailableEndpoint(EventBusEndpoint.class)
@ConditionalOnSingleCandidate(EventBus.class)
public class EventBusEndpointAutoConfiguration {
  /** Made by Spring when the auto-configuration applies. */
  public EventBusEndpointAutoConfiguration() {}


  /**
   * The endpoint, reporting on the application's bus.
   *
   * @param bus the application's one bus
   * @return the {@code eventbus} endpoint
   */
  @Bean
  @ConditionalOnMissingBean
  public EventBusEndpoint eventBusEndpoint(EventBus bus) {
    return new EventBusEndpoint(bus);
  }
}
