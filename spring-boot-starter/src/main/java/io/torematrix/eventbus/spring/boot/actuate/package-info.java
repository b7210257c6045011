/**
 * Actuator support for the auto-configured bus: the {@code eventbus} endpoint and the {@code
 * eventBus} health indicator.
 */
package io.torematrix.eventbus.spring.boot.actuate;
