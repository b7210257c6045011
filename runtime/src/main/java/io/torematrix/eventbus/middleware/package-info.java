/**
 * Ready-made {@link io.torematrix.eventbus.EventMiddleware}: {@link
 * io.torematrix.eventbus.middleware.LoggingMiddleware} and {@link
 * io.torematrix.eventbus.middleware.CircuitBreakerMiddleware}.
 */
package io.torematrix.eventbus.middleware;
