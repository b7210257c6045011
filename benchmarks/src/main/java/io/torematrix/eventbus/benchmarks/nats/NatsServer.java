package io.torematrix.eventbus.benchmarks.nats;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;

/**
 * The NATS server the NATS benchmarks run against: {@code -Deventbus.natsUrl} or
 * {@code nats://127.0.0.1:4222} (CI starts one there). Each benchmark works on streams and
 * subjects of its own, named with a random suffix, and deletes its streams when it ends.
 */
final class NatsServer {
  /** The server's URL. */
  static final String URL = System.getProperty("eventbus.natsUrl", "nats://127.0.0.1:4222");

  private NatsServer() {}

  /** A name no other run uses: {@code prefix} followed by a random hex suffix. */
  static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  /** A connection to the server, failing with a message naming the URL when there is none. */
  static Connection connect() throws IOException, InterruptedException {
    try {
      return Nats.connect(
          new Options.Builder().server(URL).connectionTimeout(Duration.ofSeconds(5)).build());
    } catch (IOException e) {
      throw new IOException(
          "no NATS server with JetStream at " + URL + " (start one: nats-server -js, or set -Deventbus.natsUrl)", e);
    }
  }

  /** Deletes stream {@code name} if it exists. */
  static void deleteStream(Connection connection, String name) throws IOException {
    JetStreamManagement management = connection.jetStreamManagement();
    try {
      management.deleteStream(name);
    } catch (JetStreamApiException e) {
      if (e.getErrorCode() != 404) {
        throw new IOException("could not delete stream " + name, e);
      }
    }
  }
}
