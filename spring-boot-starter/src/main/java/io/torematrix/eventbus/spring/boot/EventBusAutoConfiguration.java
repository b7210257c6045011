package io.torematrix.eventbus.spring.boot;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.EventBusBuilder;
import io.torematrix.eventbus.EventMiddleware;
import io.torematrix.eventbus.HandlerFailure;
import io.torematrix.eventbus.IndexedTypes;
import io.torematrix.eventbus.spi.EventStore;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.autoconfigure.context.LifecycleProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.core.task.VirtualThreadTaskExecutor;

/**
 * Auto-configures the application's {@link EventBus}, closes it with the context, and registers
 * listener beans with it.
 *
 * <p>The bus is built from the {@code torematrix.eventbus.*} properties ({@link
 * EventBusProperties}) and these beans of the application:
 *
 * <ul>
 *   <li>every {@link EventMiddleware} bean, in the order of its {@link
 *       org.springframework.core.annotation.Order @Order}: a bean whose class is a discovered
 *       {@code @Middleware} class is used as that class's instance, keeping its order and
 *       scope; any other runs around every event, before the discovered ones;
 *   <li>every {@code Consumer<HandlerFailure>} bean, in {@code @Order}, as the bus's error handler;
 *   <li>the {@link EventStore} bean, if there is one: the application's, or the one {@link
 *       EventStoreAutoConfiguration} defines for {@code torematrix.eventbus.store};
 *   <li>every {@link EventBusBuilderCustomizer} bean, in {@code @Order}, last.
 * </ul>
 *
 * NORMAL handlers run on virtual threads when {@code spring.threads.virtual.enabled} is true and
 * Java is 21 or newer, unless {@code torematrix.eventbus.direct-execution} is set. An application
 * that defines its own {@code EventBus} bean keeps it; its listener beans are still registered and
 * it is still closed with the context.
 */
@AutoConfiguration
@EnableConfigurationProperties(EventBusProperties.class)
public class EventBusAutoConfiguration {
  /** Made by Spring when the auto-configuration applies. */
  public EventBusAutoConfiguration() {}

  /** How the virtual threads that run NORMAL handlers are named: this, then a number. */
  static final String VIRTUAL_THREAD_PREFIX = "torematrix-eventbus-virtual-";

  /**
   * The bus, built from the properties and the application's beans, as the class comment lists.
   *
   * @param properties the {@code torematrix.eventbus.*} properties
   * @param environment where {@code spring.threads.virtual.enabled} is read
   * @param beanFactory whose bean class loader the bus finds generated indexes with
   * @param lifecycle {@code spring.lifecycle.*}, whose shutdown phase timeout is the close timeout
   *     unless {@code torematrix.eventbus.close-timeout} is set
   * @param middleware the {@code EventMiddleware} beans, in {@code @Order}
   * @param errorHandlers the {@code Consumer<HandlerFailure>} beans, each called with every
   *     failure, in {@code @Order}
   * @param store the {@code EventStore} bean, if there is one
   * @param customizers the {@link EventBusBuilderCustomizer} beans, run last, in {@code @Order}
   * @return the bus, running; the context closes it in its shutdown phase
   * @throws InvalidConfigurationPropertyValueException if {@code torematrix.eventbus.close-timeout}
   *     is longer than the shutdown phase's timeout, after which Spring would stop waiting for the
   *     bus
   */
  @Bean
  @ConditionalOnMissingBean
  public EventBus eventBus(
      EventBusProperties properties,
      Environment environment,
      ConfigurableListableBeanFactory beanFactory,
      ObjectProvider<LifecycleProperties> lifecycle,
      ObjectProvider<EventMiddleware> middleware,
      ObjectProvider<Consumer<HandlerFailure>> errorHandlers,
      ObjectProvider<EventStore> store,
      ObjectProvider<EventBusBuilderCustomizer> customizers) {
    ClassLoader classLoader = beanFactory.getBeanClassLoader();
    EventBusBuilder builder =
        EventBus.builder()
            .queueCapacity(properties.getQueueCapacity())
            .backpressure(properties.backpressurePolicy())
            .closeTimeout(
                closeTimeout(
                    properties,
                    lifecycle.getIfAvailable(LifecycleProperties::new).getTimeoutPerShutdownPhase()))
            .handlerTiming(properties.getHandlerTiming())
            .discoverMiddleware(properties.isDiscoverMiddleware())
            // the context closes the bus, in its shutdown phase, also at JVM exit (its own hook)
            .shutdownHook(false);
    if (classLoader != null) {
      builder.classLoader(classLoader);
    }
    durable(builder, properties.getDurable());
    if (properties.isDirectExecution()) {
      builder.directExecution();
    } else if (Threading.VIRTUAL.isActive(environment)) {
      builder.executor(new VirtualThreadTaskExecutor(VIRTUAL_THREAD_PREFIX));
    }
    IndexedTypes indexed =
        IndexedTypes.load(
            classLoader != null ? classLoader : EventBusAutoConfiguration.class.getClassLoader());
    middleware.orderedStream().forEach(m -> addMiddleware(builder, indexed, properties, m));
    List<Consumer<HandlerFailure>> handlers = errorHandlers.orderedStream().toList();
    if (!handlers.isEmpty()) {
      builder.errorHandler(allOf(handlers));
    }
    EventStore eventStore = store.getIfAvailable();
    if (eventStore != null) {
      builder.store(eventStore);
    }
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    return builder.build();
  }

  /**
   * Closes the bus in the shutdown phase {@link EventBusLifecycle#PHASE}.
   *
   * @param bus the application's one bus, this starter's or its own
   * @return the lifecycle that closes it
   */
  @Bean
  @ConditionalOnSingleCandidate(EventBus.class)
  public EventBusLifecycle eventBusLifecycle(EventBus bus) {
    return new EventBusLifecycle(bus);
  }

  /** Registers listener beans with the bus; a post-processor, so declared static. */
  @Bean
  @ConditionalOnSingleCandidate(EventBus.class)
  @Conditional(RegisterListeners.class)
  static ListenerBeanRegistrar eventBusListenerBeanRegistrar() {
    return new ListenerBeanRegistrar();
  }

  /**
   * The close timeout: the property, or else the shutdown phase's timeout.
   *
   * @throws InvalidConfigurationPropertyValueException if the property exceeds the phase's
   *     timeout, after which Spring would stop waiting for the bus
   */
  static Duration closeTimeout(EventBusProperties properties, Duration phaseTimeout) {
    Duration closeTimeout = properties.getCloseTimeout();
    if (closeTimeout == null) {
      return phaseTimeout;
    }
    if (closeTimeout.compareTo(phaseTimeout) > 0) {
      throw new InvalidConfigurationPropertyValueException(
          "torematrix.eventbus.close-timeout",
          closeTimeout,
          "The bus must finish draining within its shutdown phase, but"
              + " spring.lifecycle.timeout-per-shutdown-phase is "
              + phaseTimeout
              + ". Raise spring.lifecycle.timeout-per-shutdown-phase, or lower"
              + " torematrix.eventbus.close-timeout.");
    }
    return closeTimeout;
  }

  /** Applies the durable subscriptions' properties that are set, naming one the bus refuses. */
  private static void durable(EventBusBuilder builder, EventBusProperties.Durable durable) {
    Duration leaseTimeout = durable.getLeaseTimeout();
    try {
      if (leaseTimeout != null) {
        builder.durableLeaseTimeout(leaseTimeout);
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException(
          "torematrix.eventbus.durable.lease-timeout", leaseTimeout, e.getMessage());
    }
    Duration pollInterval = durable.getPollInterval();
    try {
      if (pollInterval != null) {
        builder.durablePollInterval(pollInterval);
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException(
          "torematrix.eventbus.durable.poll-interval", pollInterval, e.getMessage());
    }
  }

  private static void addMiddleware(
      EventBusBuilder builder,
      IndexedTypes indexed,
      EventBusProperties properties,
      EventMiddleware middleware) {
    if (!indexed.isMiddleware(middleware.getClass())) {
      builder.middleware(middleware);
    } else if (properties.isDiscoverMiddleware()) {
      builder.useMiddlewareInstance(middleware);
    }
  }

  /**
   * One error handler telling each of {@code handlers}, in order; if some throw, the others are
   * still told and the first throwable is rethrown with the later ones suppressed.
   */
  private static Consumer<HandlerFailure> allOf(List<Consumer<HandlerFailure>> handlers) {
    if (handlers.size() == 1) {
      return handlers.get(0);
    }
    return failure -> {
      Throwable first = null;
      for (Consumer<HandlerFailure> handler : handlers) {
        try {
          handler.accept(failure);
        } catch (RuntimeException | Error e) {
          if (first == null) {
            first = e;
          } else {
            first.addSuppressed(e);
          }
        }
      }
      if (first instanceof RuntimeException e) {
        throw e;
      }
      if (first instanceof Error e) {
        throw e;
      }
    };
  }

  /**
   * Whether {@code torematrix.eventbus.register-listeners} is true, or unset, as {@link
   * EventBusProperties} binds it: {@code on}, {@code yes} and {@code true } (a trailing space a
   * properties file keeps) are true there, so they register listener beans here too. A value that
   * does not bind registers none; binding the properties then fails the start, naming it.
   */
  static final class RegisterListeners extends SpringBootCondition {
    private static final String PROPERTY = "torematrix.eventbus.register-listeners";

    @Override
    public ConditionOutcome getMatchOutcome(
        ConditionContext context, AnnotatedTypeMetadata metadata) {
      ConditionMessage.Builder message = ConditionMessage.forCondition(PROPERTY);
      boolean register;
      try {
        register = Binder.get(context.getEnvironment()).bind(PROPERTY, Boolean.class).orElse(true);
      } catch (BindException e) {
        return ConditionOutcome.noMatch(message.because("its value does not bind"));
      }
      return register
          ? ConditionOutcome.match(message.because("it is true"))
          : ConditionOutcome.noMatch(message.because("it is false"));
    }
  }
}
