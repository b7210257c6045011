/**
 * Annotations read at build time by the Torematrix Event Bus processor.
 *
 * <p>{@link io.torematrix.eventbus.annotation.Event} marks an event type and gives it a stable
 * identity; {@link io.torematrix.eventbus.annotation.Subscribe} marks a handler method. The
 * processor validates both and generates the dispatch code, so no annotation is read at run time.
 * {@link io.torematrix.eventbus.annotation.TopicSyntax} (topics), {@link
 * io.torematrix.eventbus.annotation.DurableNames} (durable subscription names) and {@link
 * io.torematrix.eventbus.annotation.SubscribeLimits} (numeric ranges) are the rules both the
 * processor and the runtime apply.
 */
package io.torematrix.eventbus.annotation;
