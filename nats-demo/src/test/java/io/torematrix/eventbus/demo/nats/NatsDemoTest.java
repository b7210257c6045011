package io.torematrix.eventbus.demo.nats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's two-JVM demo as a user runs it: the warehouse and the shop, each in a JVM of its own,
 * against the NATS at 127.0.0.1:4222 ({@code -Deventbus.natsUrl} elsewhere; skipped without one
 * unless {@code -Deventbus.requireNats=true}), on a stream of the test's own.
 */
class NatsDemoTest {
  private static final String URL = System.getProperty("eventbus.natsUrl", "nats://127.0.0.1:4222");

  @TempDir Path directory;

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void theShopsOrdersAreShippedByTheWarehouseInAnotherJvm() throws Exception {
    Connection connection = connectOrSkip();
    String stream = "DEMO_TEST_" + UUID.randomUUID().toString().substring(0, 8);
    Path warehouseLog = directory.resolve("warehouse.log");
    Process warehouse = start("warehouse", stream, warehouseLog);
    try {
      Path shopLog = directory.resolve("shop.log");
      Process shop = start("shop", stream, shopLog);
      assertTrue(shop.waitFor(150, TimeUnit.SECONDS), "the shop ends by itself");
      String shopSaid = Files.readString(shopLog, StandardCharsets.UTF_8);
      assertEquals(0, shop.exitValue(), shopSaid);
      List<String> lines = shopSaid.lines().filter(l -> l.startsWith("shop: ")).toList();
      assertEquals(7, lines.size(), shopSaid);
      assertTrue(lines.get(0).matches("shop: placed o-\\d+-1 \\(1 x book\\)"), shopSaid);
      assertTrue(lines.stream().filter(l -> l.matches("shop: o-\\d+-[123] shipped as parcel-o-\\d+-[123] by warehouse"))
          .count() == 3, shopSaid);
      assertEquals("shop: all 3 orders shipped", lines.get(6));
      String warehouseSaid = Files.readString(warehouseLog, StandardCharsets.UTF_8);
      assertTrue(warehouseSaid.contains(") from shop -> shipping parcel-o-"), warehouseSaid);
    } finally {
      warehouse.destroy();
      warehouse.waitFor(30, TimeUnit.SECONDS);
      warehouse.destroyForcibly();
      try {
        connection.jetStreamManagement().deleteStream(stream);
      } catch (JetStreamApiException notThere) {
        // neither node got as far as creating it; the assertions above say why
      }
      connection.close();
    }
  }

  private Process start(String node, String stream, Path log) throws IOException {
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"),
            NatsDemo.class.getName(), node, "--nats", URL, "--dir", directory.toString(), "--stream", stream,
            "--prefix", stream.toLowerCase(Locale.ROOT))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  private static Connection connectOrSkip() throws InterruptedException {
    try {
      return Nats.connect(new Options.Builder().server(URL).connectionTimeout(Duration.ofSeconds(2)).noReconnect().build());
    } catch (IOException e) {
      String why = "NATS is not reachable at " + URL + " (" + e.getMessage() + ")";
      if (Boolean.getBoolean("eventbus.requireNats")) {
        throw new AssertionError(why + "; it is required (-Deventbus.requireNats=true)", e);
      }
      assumeTrue(false, why + ": skipping. Start nats-server -js on 127.0.0.1:4222, or pass"
          + " -Deventbus.natsUrl=nats://host:port, to run this test; .ci/run requires it");
      throw new AssertionError("unreachable");
    }
  }
}
