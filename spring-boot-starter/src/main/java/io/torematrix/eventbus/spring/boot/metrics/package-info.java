/** Binds the auto-configured bus's metrics to Micrometer. */
package io.torematrix.eventbus.spring.boot.metrics;
