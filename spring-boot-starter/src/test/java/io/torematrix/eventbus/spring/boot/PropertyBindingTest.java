package io.torematrix.eventbus.spring.boot;

import static io.torematrix.eventbus.spring.boot.Contexts.runner;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Every documented property, and its relaxed forms, binds although unknown properties fail the
 * start ({@code ignoreUnknownFields = false}); environment variables and system properties are not
 * checked for unknown names (Spring leaves its own {@code systemEnvironment} and {@code
 * systemProperties} sources out of that check), so the common {@code _}-for-dash form still works.
 */
class PropertyBindingTest {

  @Test
  void everyPropertyOfTheReadmeTableBindsWithAValidValue() {
    String[] properties = {
      "torematrix.eventbus.queue-capacity=64",
      "torematrix.eventbus.backpressure=fail",
      "torematrix.eventbus.backpressure-timeout=2s",
      "torematrix.eventbus.close-timeout=10s",
      "torematrix.eventbus.handler-timing=all",
      "torematrix.eventbus.direct-execution=true",
      "torematrix.eventbus.discover-middleware=false",
      "torematrix.eventbus.register-listeners=false",
      "torematrix.eventbus.store=memory",
      "torematrix.eventbus.jdbc.table-prefix=shop_",
      "torematrix.eventbus.jdbc.schema=billing",
      "torematrix.eventbus.jdbc.synchronous-full=true",
      "torematrix.eventbus.jdbc.max-group-size=16",
      "torematrix.eventbus.durable.lease-timeout=5s",
      "torematrix.eventbus.durable.poll-interval=100ms",
      "torematrix.eventbus.health.saturation-threshold=0.5",
      "management.health.eventbus.enabled=false",
      "management.endpoint.eventbus.access=unrestricted",
    };
    for (String property : properties) {
      runner()
          .withPropertyValues(property)
          .run(context -> assertNull(context.getStartupFailure(), property));
    }
    runner()
        .withPropertyValues(properties)
        .run(
            context -> {
              assertNull(context.getStartupFailure());
              EventBusProperties bound = context.getBean(EventBusProperties.class);
              assertEquals(64, bound.getQueueCapacity());
              assertEquals(16, bound.getJdbc().getMaxGroupSize());
              assertEquals(Duration.ofMillis(100), bound.getDurable().getPollInterval());
            });
  }

  @Test
  void camelCaseAndUpperCaseFormsBind() {
    runner()
        .withPropertyValues(
            "torematrix.eventbus.queueCapacity=64",
            "torematrix.eventbus.jdbc.maxGroupSize=16",
            "torematrix.eventbus.health.saturation_threshold=0.5",
            "TOREMATRIX.EVENTBUS.BACKPRESSURE-TIMEOUT=2s")
        .run(
            context -> {
              assertNull(context.getStartupFailure());
              EventBusProperties bound = context.getBean(EventBusProperties.class);
              assertEquals(64, bound.getQueueCapacity());
              assertEquals(16, bound.getJdbc().getMaxGroupSize());
              assertEquals(0.5, bound.getHealth().getSaturationThreshold());
              assertEquals(Duration.ofSeconds(2), bound.getBackpressureTimeout());
            });
  }

  @Test
  void environmentVariablesInSpringsCanonicalFormBind() {
    runner()
        .withInitializer(
            environment(
                Map.of(
                    "TOREMATRIX_EVENTBUS_QUEUECAPACITY", "64",
                    "TOREMATRIX_EVENTBUS_JDBC_MAXGROUPSIZE", "16",
                    "TOREMATRIX_EVENTBUS_HEALTH_SATURATIONTHRESHOLD", "0.5")))
        .run(
            context -> {
              assertNull(context.getStartupFailure());
              EventBusProperties bound = context.getBean(EventBusProperties.class);
              assertEquals(64, bound.getQueueCapacity());
              assertEquals(16, bound.getJdbc().getMaxGroupSize());
              assertEquals(0.5, bound.getHealth().getSaturationThreshold());
            });
  }

  @Test
  void environmentVariablesWithAnUnderscoreForTheDashStillBind() {
    runner()
        .withInitializer(
            environment(
                Map.of(
                    "TOREMATRIX_EVENTBUS_QUEUE_CAPACITY", "64",
                    "TOREMATRIX_EVENTBUS_JDBC_TABLE_PREFIX", "shop_")))
        .run(
            context -> {
              assertNull(context.getStartupFailure());
              EventBusProperties bound = context.getBean(EventBusProperties.class);
              assertEquals(64, bound.getQueueCapacity());
              assertEquals("shop_", bound.getJdbc().getTablePrefix());
            });
  }

  /** Replaces the context's environment variables with {@code variables}, under Spring's name. */
  private static ApplicationContextInitializer<ConfigurableApplicationContext> environment(
      Map<String, Object> variables) {
    return context ->
        context
            .getEnvironment()
            .getPropertySources()
            .replace(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(
                    StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
  }
}
