/**
 * Spring Boot auto-configuration of the Torematrix Event Bus: the {@code EventBus} bean built from
 * {@code torematrix.eventbus.*} properties and the application's beans, listener beans registered
 * through the generated indexes, and the bus closed in its own shutdown phase.
 */
package io.torematrix.eventbus.spring.boot;
