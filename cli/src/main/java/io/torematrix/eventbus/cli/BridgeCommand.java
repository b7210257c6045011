package io.torematrix.eventbus.cli;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.StreamInfo;
import io.torematrix.eventbus.Cursor;
import io.torematrix.eventbus.spi.EventStore;
import io.torematrix.eventbus.spi.SubscriptionState;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The state of a store's NATS bridge: its relay (checkpoint, lag, parked, lease) and imports
 * (parked messages, lease), read from the store; with {@code --nats} and {@code --stream} also the
 * stream and each import's consumer as NATS reports them (the import lag: messages not delivered
 * yet, and those delivered and not acknowledged).
 */
@Command(
    name = "bridge",
    description = {
      "Shows the NATS bridge of the store: its relay (CHECKPOINT: every exported event up to it was",
      "acknowledged by JetStream; LAG: stored events after it; PARKED; lease HOLDER) and its imports",
      "(PARKED messages, lease HOLDER). With --nats and --stream, also the stream and each import's",
      "consumer: PENDING (the import lag: messages not delivered yet), ACK PENDING and REDELIVERED."
    })
final class BridgeCommand extends StoreCommand {
  static final String ROW = "%-6s  %-32s  %14s  %8s  %6s  %-32s  %s";
  static final String CONSUMER_ROW = "%-40s  %-32s  %10s  %11s  %11s";
  static final String IMPORT_PREFIX = "nats-import-";

  @Option(names = "--relay", paramLabel = "NAME", defaultValue = "nats-relay",
      description = "the relay's durable subscription name, if the bridge set another (default ${DEFAULT-VALUE})")
  Set<String> relays;

  @Option(names = "--nats", paramLabel = "URL", description = "also ask this NATS server, e.g. nats://127.0.0.1:4222")
  String nats;

  @Option(names = "--stream", paramLabel = "NAME", description = "the bridge's stream (with --nats)")
  String stream;

  @Override
  int run(EventStore store, PrintWriter out) throws Exception {
    if ((nats == null) != (stream == null)) {
      throw new InspectorException("--nats and --stream go together: name the server and the bridge's stream");
    }
    if (stream != null && !stream.matches("[A-Za-z0-9_-]{1,64}")) {
      // NATS puts the name in a request subject: "a.b" or "a*" would time out instead of failing
      throw new InspectorException("--stream \"" + printable(stream) + "\" is not a NATS stream name: 1 to 64"
          + " characters of A-Z, a-z, 0-9, '_' and '-'");
    }
    List<SubscriptionState> states = store.subscriptions().states();
    Cursor head = store.head();
    Instant now = Instant.now();
    out.println(String.format(ROW, "PART", "SUBSCRIPTION", "CHECKPOINT", "LAG", "PARKED", "HOLDER", "LEASE EXPIRES"));
    int parts = 0;
    for (SubscriptionState state : states) {
      String name = state.subscription();
      boolean relay = relays.contains(name);
      if (!relay && !name.startsWith(IMPORT_PREFIX)) {
        continue;
      }
      parts++;
      String expires =
          state.leaseExpiresAt()
              .map(at -> at.truncatedTo(ChronoUnit.MILLIS) + (at.isAfter(now) ? "" : " (expired)"))
              .orElse("-");
      out.println(
          String.format(
              ROW,
              relay ? "relay" : "import",
              printable(name),
              relay ? state.checkpoint().toString() : "-",
              relay ? Long.toString(state.lag(head)) : "-",
              state.parked(),
              state.owner().map(StoreCommand::printable).orElse("-"),
              expires));
    }
    out.println("(" + parts + " bridge part" + (parts == 1 ? "" : "s") + " in the store; an import's lag is in NATS"
        + (nats == null ? ": add --nats URL --stream NAME" : "") + ")");
    if (nats != null) {
      printConsumers(out);
    }
    return 0;
  }

  private void printConsumers(PrintWriter out) throws Exception {
    Options options =
        new Options.Builder().server(nats).connectionTimeout(Duration.ofSeconds(5)).noReconnect().build();
    Connection connection;
    try {
      connection = Nats.connect(options);
    } catch (IOException e) {
      throw new InspectorException("cannot reach NATS at " + nats + ": " + e.getMessage());
    }
    try {
      StreamInfo info;
      List<ConsumerInfo> consumers;
      try {
        info = connection.jetStreamManagement().getStreamInfo(stream);
        consumers = connection.jetStreamManagement().getConsumers(stream);
      } catch (JetStreamApiException e) {
        throw new InspectorException("NATS at " + nats + " has no stream " + printable(stream) + ": " + e.getErrorDescription());
      }
      out.println();
      out.println("stream " + printable(stream) + ": " + info.getStreamState().getMsgCount() + " messages, sequences "
          + info.getStreamState().getFirstSequence() + " to " + info.getStreamState().getLastSequence()
          + ", subjects " + info.getConfiguration().getSubjects());
      out.println(String.format(CONSUMER_ROW, "CONSUMER", "FILTER", "PENDING", "ACK PENDING", "REDELIVERED"));
      for (ConsumerInfo consumer : consumers) {
        out.println(
            String.format(
                CONSUMER_ROW,
                printable(consumer.getName()),
                printable(String.valueOf(consumer.getConsumerConfiguration().getFilterSubject())),
                consumer.getNumPending(),
                consumer.getNumAckPending(),
                consumer.getRedelivered()));
      }
      out.println("(" + consumers.size() + " consumer" + (consumers.size() == 1 ? "" : "s") + ")");
    } finally {
      connection.close();
    }
  }
}
