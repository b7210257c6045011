package io.torematrix.eventbus.spring.boot;

import io.torematrix.eventbus.EventBus;
import io.torematrix.eventbus.IndexedTypes;
import io.torematrix.eventbus.Subscription;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.aop.scope.ScopedObject;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;
import org.springframework.beans.factory.support.MergedBeanDefinitionPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;

/**
 * Registers every singleton bean whose class, or a superclass, has a generated dispatcher with the
 * application's bus, and closes its subscription when the bean is destroyed. Which classes have one
 * comes from the generated indexes ({@link IndexedTypes}), not from scanning classes.
 *
 * <p>Beans created while the context refreshes wait until every singleton exists, then are
 * registered in creation order; a singleton created later, such as a lazy one, is registered when
 * it is initialized. A proxy made by Spring AOP is registered in place of its target, so advice
 * applies to handlers; a class-based proxy is a subclass and counts through its target class.
 *
 * <p>Only singletons are registered. A prototype bean is never destroyed by Spring, so its
 * subscription would never be closed; a bean of another scope (request, session) exists once per
 * scope while the bus is one per application. Such beans, and the scoped proxies standing for
 * them, are left alone, with a note in the log; register them with {@link EventBus#register} and
 * close the subscription yourself.
 *
 * <p>Thread-safe: beans may be created and destroyed on any thread.
 */
final class ListenerBeanRegistrar
    implements MergedBeanDefinitionPostProcessor,
        DestructionAwareBeanPostProcessor,
        SmartInitializingSingleton,
        BeanFactoryAware,
        BeanClassLoaderAware {
  private static final Log LOG = LogFactory.getLog(ListenerBeanRegistrar.class);

  private final Map<String, Boolean> singletons = new ConcurrentHashMap<>();
  private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
  private final Set<String> reportedScopes = ConcurrentHashMap.newKeySet();
  private final Object lock = new Object();
  /** Listener beans waiting for {@link #afterSingletonsInstantiated}, by name; guarded by lock. */
  private final Map<String, Object> waiting = new LinkedHashMap<>();
  /** The bus, once every singleton exists; guarded by lock. */
  private EventBus bus;

  private volatile IndexedTypes indexed;
  private BeanFactory beanFactory;

  @Override
  public void setBeanClassLoader(ClassLoader classLoader) {
    this.indexed = IndexedTypes.load(classLoader);
  }

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    this.beanFactory = beanFactory;
  }

  @Override
  public void postProcessMergedBeanDefinition(
      RootBeanDefinition definition, Class<?> beanType, String beanName) {
    singletons.put(beanName, definition.isSingleton());
  }

  @Override
  public void resetBeanDefinition(String beanName) {
    singletons.remove(beanName);
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof FactoryBean || !isListener(bean)) {
      return bean;
    }
    if (!isSingleton(beanName) || bean instanceof ScopedObject) {
      if (reportedScopes.add(beanName)) {
        LOG.info(
            "Bean '"
                + beanName
                + "' has @Subscribe methods but is not a singleton, so it is not registered with"
                + " the event bus: register it with EventBus.register and close the Subscription"
                + " when it goes out of scope");
      }
      return bean;
    }
    if (!indexed.isListener(bean.getClass())) {
      throw new IllegalStateException(
          "Bean '"
              + beanName
              + "' of listener class "
              + AopUtils.getTargetClass(bean).getName()
              + " is an interface-based (JDK) proxy, which has none of its @Subscribe methods, so"
              + " the event bus cannot register it: proxy it by class instead"
              + " (spring.aop.proxy-target-class=true, Spring Boot's default), or keep the bean"
              + " out of the advice");
    }
    synchronized (lock) {
      if (bus == null) {
        waiting.put(beanName, bean);
      } else {
        register(beanName, bean);
      }
    }
    return bean;
  }

  /** Registers the beans that were waiting, now that every singleton exists. */
  @Override
  public void afterSingletonsInstantiated() {
    EventBus bus = beanFactory.getBean(EventBus.class);
    synchronized (lock) {
      this.bus = bus;
      waiting.forEach(this::register);
      waiting.clear();
    }
  }

  @Override
  public boolean requiresDestruction(Object bean) {
    return bean instanceof FactoryBean || isListener(bean);
  }

  @Override
  public void postProcessBeforeDestruction(Object bean, String beanName) {
    synchronized (lock) {
      waiting.remove(beanName);
    }
    Subscription subscription = subscriptions.remove(beanName);
    if (subscription != null) {
      subscription.close();
    }
  }

  /** Whether {@code bean}'s class, or the class behind a proxy, has a generated dispatcher. */
  private boolean isListener(Object bean) {
    Class<?> type = bean.getClass();
    if (indexed.isListener(type)) {
      return true;
    }
    Class<?> target = AopUtils.getTargetClass(bean);
    return target != type && indexed.isListener(target);
  }

  /**
   * Whether the bean named {@code beanName} is a singleton: its definition says so (inner beans
   * included) and, for the object a {@link FactoryBean} made, the factory says so too.
   */
  private boolean isSingleton(String beanName) {
    if (!Boolean.TRUE.equals(singletons.get(beanName))) {
      return false;
    }
    return !beanFactory.containsBean(beanName) || beanFactory.isSingleton(beanName);
  }

  private void register(String beanName, Object bean) {
    try {
      subscriptions.put(beanName, bus.register(bean));
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "Could not register bean '" + beanName + "' with the event bus: " + e.getMessage(), e);
    }
  }
}
