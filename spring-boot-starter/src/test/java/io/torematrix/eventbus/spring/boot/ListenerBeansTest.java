package io.torematrix.eventbus.spring.boot;

import static io.torematrix.eventbus.spring.boot.Contexts.await;
import static io.torematrix.eventbus.spring.boot.Contexts.runner;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.PublishResult;
import io.torematrix.eventbus.annotation.Priority;
import io.torematrix.eventbus.annotation.Subscribe;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.beans.factory.config.CustomScopeConfigurer;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Scope;
import org.springframework.context.annotation.ScopedProxyMode;
import org.springframework.context.support.SimpleThreadScope;
import org.springframework.core.env.MapPropertySource;

/** Beans with @Subscribe methods are registered with the bus, found through the generated index. */
class ListenerBeansTest {

  /** A listener bean: its class has a generated dispatcher. */
  static class GreetingLog {
    final List<String> seen = new CopyOnWriteArrayList<>();

    @Subscribe(priority = Priority.IMMEDIATE)
    void greeted(Greeting greeting) {
      seen.add(greeting.text());
    }
  }

  /** Declares no handler: inherits its superclass's, as the index tells through the superclass. */
  static class InheritingGreetingLog extends GreetingLog {}

  @Configuration(proxyBeanMethods = false)
  static class Listeners {
    @Bean
    GreetingLog greetingLog() {
      return new GreetingLog();
    }

    @Bean
    InheritingGreetingLog inheritingGreetingLog() {
      return new InheritingGreetingLog();
    }

    @Bean
    String notAListener() {
      return "not a listener";
    }
  }

  @Test
  void everySingletonWithADispatcherIsRegisteredOnceTheSingletonsExist() {
    runner()
        .withUserConfiguration(Listeners.class)
        .run(
            context -> {
              PublishResult result =
                  await(context.getBean(EventBus.class).publish(new Greeting("hello")));

              assertEquals(2, result.delivered());
              assertEquals(List.of("hello"), context.getBean("greetingLog", GreetingLog.class).seen);
              assertEquals(List.of("hello"), context.getBean(InheritingGreetingLog.class).seen);
            });
  }

  @Test
  void aDestroyedBeanIsUnregistered() {
    runner()
        .withUserConfiguration(Listeners.class)
        .run(
            context -> {
              GreetingLog log = context.getBean("greetingLog", GreetingLog.class);
              ((DefaultListableBeanFactory) context.getBeanFactory()).destroySingleton("greetingLog");

              PublishResult result =
                  await(context.getBean(EventBus.class).publish(new Greeting("after")));

              assertEquals(1, result.delivered(), "only the inheriting log is left");
              assertEquals(List.of(), log.seen);
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class LazyListener {
    @Bean
    @Lazy
    GreetingLog lazyGreetingLog() {
      return new GreetingLog();
    }
  }

  @Test
  void aLazySingletonIsRegisteredWhenItIsCreated() {
    runner()
        .withUserConfiguration(LazyListener.class)
        .run(
            context -> {
              EventBus bus = context.getBean(EventBus.class);
              assertTrue(await(bus.publish(new Greeting("before"))).isDead());

              GreetingLog log = context.getBean(GreetingLog.class);
              await(bus.publish(new Greeting("after")));

              assertEquals(List.of("after"), log.seen);
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class PrototypeListener {
    @Bean
    @Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
    GreetingLog prototypeGreetingLog() {
      return new GreetingLog();
    }
  }

  @Test
  void aPrototypeIsNotRegisteredSinceSpringNeverDestroysIt() {
    runner()
        .withUserConfiguration(PrototypeListener.class)
        .run(
            context -> {
              GreetingLog log = context.getBean(GreetingLog.class);

              PublishResult result =
                  await(context.getBean(EventBus.class).publish(new Greeting("hello")));

              assertTrue(result.isDead());
              assertEquals(List.of(), log.seen);
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class ThreadScopedListener {
    @Bean
    static CustomScopeConfigurer threadScope() {
      CustomScopeConfigurer configurer = new CustomScopeConfigurer();
      configurer.addScope("thread", new SimpleThreadScope());
      return configurer;
    }

    @Bean
    @Scope(scopeName = "thread", proxyMode = ScopedProxyMode.TARGET_CLASS)
    GreetingLog threadGreetingLog() {
      return new GreetingLog();
    }
  }

  @Test
  void aScopedBeanAndItsScopedProxyAreNotRegistered() {
    runner()
        .withUserConfiguration(ThreadScopedListener.class)
        .run(
            context -> {
              GreetingLog proxy = context.getBean(GreetingLog.class);
              proxy.toString(); // creates this thread's target behind the proxy

              PublishResult result =
                  await(context.getBean(EventBus.class).publish(new Greeting("hello")));

              assertTrue(result.isDead());
            });
  }

  /** Wraps the listener bean in a class-based AOP proxy whose advice notes every handler call. */
  @Configuration(proxyBeanMethods = false)
  static class AdvisedListener {
    static final List<String> ADVISED = new CopyOnWriteArrayList<>();

    @Bean
    GreetingLog advisedGreetingLog() {
      return new GreetingLog();
    }

    @Bean
    static BeanPostProcessor classProxies() {
      return new BeanPostProcessor() {
        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
          if (!(bean instanceof GreetingLog)) {
            return bean;
          }
          ProxyFactory factory = new ProxyFactory(bean);
          factory.setProxyTargetClass(true);
          factory.addAdvice(
              (MethodInterceptor)
                  invocation -> {
                    ADVISED.add(invocation.getMethod().getName());
                    return invocation.proceed();
                  });
          return factory.getProxy(bean.getClass().getClassLoader());
        }
      };
    }
  }

  @Test
  void aClassBasedProxyIsRegisteredSoItsAdviceRunsAroundTheHandler() {
    AdvisedListener.ADVISED.clear();
    runner()
        .withUserConfiguration(AdvisedListener.class)
        .run(
            context -> {
              await(context.getBean(EventBus.class).publish(new Greeting("hello")));

              assertEquals(List.of("greeted"), AdvisedListener.ADVISED);
            });
  }

  interface Greeter {
    void greet(String text);
  }

  static class GreeterListener implements Greeter {
    @Override
    public void greet(String text) {}

    @Subscribe
    void greeted(Greeting greeting) {}
  }

  @Configuration(proxyBeanMethods = false)
  static class InterfaceProxiedListener {
    @Bean
    GreeterListener greeterListener() {
      return new GreeterListener();
    }

    @Bean
    static BeanPostProcessor interfaceProxies() {
      return new BeanPostProcessor() {
        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
          if (!(bean instanceof GreeterListener)) {
            return bean;
          }
          ProxyFactory factory = new ProxyFactory(bean);
          factory.addInterface(Greeter.class);
          return factory.getProxy(bean.getClass().getClassLoader());
        }
      };
    }
  }

  @Test
  void anInterfaceBasedProxyOfAListenerFailsTheStartNamingTheFix() {
    runner()
        .withUserConfiguration(InterfaceProxiedListener.class)
        .run(
            context -> {
              Throwable failure = context.getStartupFailure();
              assertNotNull(failure);
              Throwable cause = failure;
              while (cause.getCause() != null) {
                cause = cause.getCause();
              }
              assertEquals(
                  "Bean 'greeterListener' of listener class "
                      + GreeterListener.class.getName()
                      + " is an interface-based (JDK) proxy, which has none of its @Subscribe"
                      + " methods, so the event bus cannot register it: proxy it by class instead"
                      + " (spring.aop.proxy-target-class=true, Spring Boot's default), or keep the"
                      + " bean out of the advice",
                  cause.getMessage());
            });
  }

  @Test
  void registeringListenersCanBeTurnedOff() {
    runner()
        .withUserConfiguration(Listeners.class)
        .withPropertyValues("torematrix.eventbus.register-listeners=false")
        .run(
            context -> {
              assertFalse(context.containsBean("eventBusListenerBeanRegistrar"));
              assertTrue(await(context.getBean(EventBus.class).publish(new Greeting("x"))).isDead());
            });
  }

  @Test
  void registerListenersOnAsSpringBootBindsItRegistersThem() {
    // 'on' binds to true, as does 'true ' with the trailing space a .properties file keeps: the
    // properties then say listeners are registered, and they must be
    for (String on : List.of("on", "yes", "true ")) {
      runner()
          .withUserConfiguration(Listeners.class)
          .withInitializer(
              context ->
                  context
                      .getEnvironment()
                      .getPropertySources()
                      .addFirst(
                          new MapPropertySource(
                              "application", Map.of("torematrix.eventbus.register-listeners", on))))
          .run(
              context -> {
                assertTrue(context.getBean(EventBusProperties.class).isRegisterListeners(), on);
                PublishResult result =
                    await(context.getBean(EventBus.class).publish(new Greeting("hello")));
                assertEquals(2, result.delivered(), on);
              });
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnBus {
    @Bean
    EventBus myBus() {
      return EventBus.builder().directExecution().build();
    }

    @Bean
    GreetingLog greetingLog() {
      return new GreetingLog();
    }
  }

  @Test
  void anApplicationsOwnBusIsKeptAndItsListenerBeansAreRegisteredWithIt() {
    EventBus[] bus = new EventBus[1];
    runner()
        .withUserConfiguration(OwnBus.class)
        .run(
            context -> {
              bus[0] = context.getBean(EventBus.class);
              assertSame(context.getBean("myBus"), bus[0]);
              assertNotNull(context.getBean(EventBusLifecycle.class));

              await(bus[0].publish(new Greeting("mine")));

              assertEquals(List.of("mine"), context.getBean(GreetingLog.class).seen);
            });
    IllegalStateException closed =
        assertThrows(IllegalStateException.class, () -> bus[0].publish(new Greeting("late")));
    assertTrue(closed.getMessage().startsWith("the bus is closed"), closed.getMessage());
  }
}
