package io.torematrix.eventbus.bridge.nats;

import java.util.Optional;

/**
 * Where one import stands. A snapshot.
 *
 * @param name the import's name
 * @param consumer the durable consumer's name, {@code <nodeId>_<name>}
 * @param subject the consumer's filter subject, {@code <prefix>.<topics>}
 * @param leaseHeld whether this process holds the import's lease, so imports now
 * @param pending the import lag: messages of the stream matching the filter that the consumer has
 *     not delivered yet, as NATS reported with the last message (0 before the first)
 * @param imported messages appended to the store and handed to the bus since the bridge started
 * @param duplicates messages whose event id the store had already, acknowledged without another
 *     delivery
 * @param ownEvents messages that originated on this node, acknowledged and not imported
 * @param parked messages parked under {@link NatsImport#subscriptionName()}, as the store counts
 *     them; -1 when the store could not be read
 * @param lastError the last failure of the import, if any, with its time
 */
public record NatsImportStatus(
    String name,
    String consumer,
    String subject,
    boolean leaseHeld,
    long pending,
    long imported,
    long duplicates,
    long ownEvents,
    long parked,
    Optional<String> lastError) {}
