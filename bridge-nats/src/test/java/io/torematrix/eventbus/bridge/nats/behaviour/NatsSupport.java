package io.torematrix.eventbus.bridge.nats.behaviour;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * The real NATS JetStream server the tests use: 127.0.0.1:4222, or the URL in {@code
 * -Deventbus.natsUrl}. Each test uses a stream and subject prefix of its own, which it deletes at
 * the end. Without a server the tests are skipped with a note saying how to run them; with {@code
 * -Deventbus.requireNats=true} (set by {@code .ci/run}) they fail instead.
 */
final class NatsSupport {
  static final String URL = System.getProperty("eventbus.natsUrl", "nats://127.0.0.1:4222");

  private NatsSupport() {}

  /** A connection to the server, or the test is skipped (failed when NATS is required). */
  static Connection connect() throws InterruptedException {
    String hostPort = URL.replaceFirst("^nats://", "");
    int colon = hostPort.lastIndexOf(':');
    try (Socket probe = new Socket()) {
      probe.connect(
          new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))), 1000);
    } catch (IOException e) {
      String why = "NATS is not reachable at " + URL + " (" + e.getMessage() + ")";
      if (Boolean.getBoolean("eventbus.requireNats")) {
        fail(why + "; it is required here (-Deventbus.requireNats=true)");
      }
      assumeTrue(false, why + ": skipping. Start a NATS server with JetStream (nats-server -js) on"
          + " 127.0.0.1:4222, or pass -Deventbus.natsUrl=nats://host:port, to run these tests;"
          + " .ci/run starts one and requires them.");
    }
    try {
      return Nats.connect(Options.builder().server(URL).connectionTimeout(Duration.ofSeconds(5)).build());
    } catch (IOException e) {
      throw new AssertionError("NATS at " + URL + " accepted a socket but not a connection", e);
    }
  }

  /** A name no other test or run uses: letters and digits. */
  static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }

  /** Deletes {@code stream} if it exists. */
  static void deleteStream(Connection connection, String stream) throws IOException {
    try {
      connection.jetStreamManagement().deleteStream(stream);
    } catch (JetStreamApiException notThere) {
      // deleted already, or never created
    }
  }

  /** Waits up to {@code timeout} for {@code condition}; fails with {@code what} if it never holds. */
  static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("within " + timeout + ": " + what);
      }
      Thread.sleep(10);
    }
  }
}
