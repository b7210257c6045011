package io.torematrix.eventbus.bridge.nats;

import java.util.List;
import java.util.Optional;

/**
 * A snapshot of a bridge: its connection, its relay and each import.
 *
 * @param nodeId the bridge's node id, the origin it stamps on what it exports
 * @param connected whether the connection to NATS is up
 * @param ready whether the stream and consumers were created or checked
 * @param failure a setup failure that stopped the bridge (a stream with other settings, say), if any
 * @param relay the relay
 * @param imports each import, in the order configured
 */
public record NatsBridgeStatus(
    String nodeId,
    boolean connected,
    boolean ready,
    Optional<String> failure,
    NatsRelayStatus relay,
    List<NatsImportStatus> imports) {

  /**
   * Copies the list.
   *
   * @param nodeId the bridge's node id
   * @param connected whether the connection is up
   * @param ready whether the stream and consumers are set up
   * @param failure a setup failure that stopped the bridge, if any
   * @param relay the relay
   * @param imports each import
   */
  public NatsBridgeStatus {
    imports = List.copyOf(imports);
  }

  /**
   * The status of the import called {@code name}.
   *
   * @param name an import's name
   * @return its status, or empty if the bridge has no such import
   */
  public Optional<NatsImportStatus> importNamed(String name) {
    return imports.stream().filter(i -> i.name().equals(name)).findFirst();
  }
}
