/**
 * Support for testing code that uses the bus: {@link
 * io.torematrix.eventbus.testing.EventRecorder} records what was published, and {@code
 * EventBus.builder().directExecution()} runs every handler on the publishing thread.
 */
package io.torematrix.eventbus.testing;
