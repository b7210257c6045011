/**
 * The contract between the runtime and the code the processor generates: an {@link
 * io.torematrix.eventbus.spi.EventBusIndex} per package lists the event types and the {@link
 * io.torematrix.eventbus.spi.ListenerDispatcher}s, and each dispatcher describes a listener's
 * handlers as {@link io.torematrix.eventbus.spi.HandlerSpec}s made of direct method calls.
 *
 * <p>Application code does not normally implement these types; they are public so that generated
 * code in any package can implement them.
 */
package io.torematrix.eventbus.spi;
