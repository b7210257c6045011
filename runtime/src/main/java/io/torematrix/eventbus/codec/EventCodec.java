package io.torematrix.eventbus.codec;

import io.torematrix.eventbus.spi.EventTypeInfo;

/**
 * Turns events into the bytes a store keeps, and back. The bus resolves a stored type name to the
 * current {@link EventTypeInfo} (never a class name), refuses unknown names and versions newer
 * than the code's, and asks the codec for the rest; converting older versions is the codec's job.
 * The default is {@link JsonEventCodec}.
 */
public interface EventCodec {

  /**
   * Encodes {@code event}, of type {@code type}, into bytes that {@link #decode} turns back into an
   * equal event.
   *
   * @param event the event, not {@code null}
   * @param type the event's type, as the registry knows it
   * @return the payload to store
   * @throws IllegalStateException if events of this type cannot be encoded
   * @throws IllegalArgumentException if this event cannot be encoded (it holds a value the codec
   *     could not read back)
   */
  byte[] encode(Object event, EventTypeInfo type);

  /**
   * Decodes a payload stored at {@code storedVersion}, which is at most {@code type.version()},
   * into an event of the current version. Payloads are input: whoever wrote them, decoding one
   * must fail cleanly rather than run out of stack or time.
   *
   * @param payload the stored bytes
   * @param storedVersion the version of the type the payload was written at
   * @param type the event's type, as the registry knows it
   * @return the event
   * @throws JsonFormatException or another runtime exception if the payload is not readable
   */
  Object decode(byte[] payload, int storedVersion, EventTypeInfo type);
}
