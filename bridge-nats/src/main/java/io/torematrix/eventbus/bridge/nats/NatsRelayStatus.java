package io.torematrix.eventbus.bridge.nats;

import io.torematrix.eventbus.Cursor;
import java.util.Optional;

/**
 * Where a bridge's relay stands: what it has published and had acknowledged, and how far it is
 * behind the store. A snapshot; the figures of a bridge that exports nothing are zero.
 *
 * @param subscription the durable subscription name under which the store keeps the relay's lease
 *     and checkpoint (also listed, with its lag and parked events, by {@code bus.durable().status()})
 * @param exporting whether the bridge exports any topic
 * @param leaseHeld whether this process holds the relay's lease, so relays now; another process on
 *     the same store may hold it instead
 * @param acknowledged the cursor up to which every exported event was acknowledged by JetStream
 *     (the checkpoint, saved in the store at most a second later)
 * @param lag events stored after {@code acknowledged}, by global position (exact on SQLite and in
 *     memory, an estimate on PostgreSQL), exported topics or not; a relay that caught up moves
 *     {@code acknowledged} past the events it does not export (imported ones, other topics), so an
 *     idle relay shows 0, as does the inspector's {@code bridge} command from the saved checkpoint;
 *     0 when not holding the lease; -1 when the store could not be read
 * @param outstanding messages published and not acknowledged yet, at most the bridge's {@code
 *     maxOutstandingAcks}
 * @param published messages acknowledged by JetStream since the bridge started
 * @param resent messages published again after a failure (a timeout, an error, a lost
 *     connection) since the bridge started; JetStream drops those it already had
 * @param parked events the relay parked (a topic that cannot be a subject), as the store counts
 *     them; -1 when the store could not be read
 * @param lastError the last failure of the relay, if any, with its time
 */
public record NatsRelayStatus(
    String subscription,
    boolean exporting,
    boolean leaseHeld,
    Cursor acknowledged,
    long lag,
    int outstanding,
    long published,
    long resent,
    long parked,
    Optional<String> lastError) {}
