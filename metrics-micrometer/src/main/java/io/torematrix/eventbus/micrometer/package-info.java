/** Micrometer support: {@link io.torematrix.eventbus.micrometer.EventBusMetricsBinder}. */
package io.torematrix.eventbus.micrometer;
