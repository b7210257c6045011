/**
 * Turning events into bytes and back, without reflection: {@link
 * io.torematrix.eventbus.codec.EventCodec} is the contract stores use; the default, {@link
 * io.torematrix.eventbus.codec.JsonEventCodec}, writes JSON through {@link
 * io.torematrix.eventbus.codec.JsonAdapter}s the processor generates for each {@code @Event} type,
 * and converts stored events of older versions with {@link io.torematrix.eventbus.codec.Upcaster}s.
 */
package io.torematrix.eventbus.codec;
