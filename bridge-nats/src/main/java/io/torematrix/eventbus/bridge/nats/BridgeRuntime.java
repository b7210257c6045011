package io.torematrix.eventbus.bridge.nats;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.torematrix.eventbus.Subscription;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bridge at run time: its connection, the setup of its stream and consumers, and the threads of
 * its relay and imports, started and stopped together.
 *
 * <p>Setup runs at {@link #start()} if NATS is reachable, and otherwise at the first attempt of a
 * relay or import after it connects ({@link #ready()}). A setup that NATS refuses, or that finds a
 * stream with other settings, is final: it is reported (by {@code start} if it runs there, else
 * in the status and log) and the relay and imports stop.
 *
 * <p>It connects with the user's options changed in two ways, for the relay's order: jnats's
 * reconnect buffer is off (a publish while disconnected is refused rather than sent later, behind
 * the relay's back), and a listener counts the connection's losses ({@link #epoch()}), so that the
 * relay sends again, in order, what was not acknowledged before anything new.
 */
final class BridgeRuntime {
  private static final System.Logger LOG = System.getLogger("io.torematrix.eventbus.bridge.nats");

  private final Settings settings;
  /** The user's options with the reconnect buffer off and {@link #epoch} counted. */
  private final Options options;
  /** How many times the connection was lost: bumped on each {@code DISCONNECTED} event. */
  private final AtomicLong epoch = new AtomicLong();
  private final Setup setup;
  private final Relay relay;
  private final List<Importer> importers = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  /** Wakes the relay on each event published on the bus; {@code null} when not exporting. */
  private Subscription storedListener;
  private volatile Connection connection;
  private volatile JetStream jetStream;
  private boolean started;
  private boolean closed;
  private volatile boolean stopping;
  private volatile boolean ready;
  /** Whether the setup succeeded once: a later one that NATS refuses is tried again, not final. */
  private volatile boolean setUpOnce;
  private volatile String failure;

  BridgeRuntime(Settings settings) {
    this.settings = settings;
    this.options =
        new Options.Builder(settings.options)
            .reconnectBufferSize(0)
            .connectionListener(new Epochs(settings.options.getConnectionListener()))
            .build();
    this.setup = new Setup(settings);
    this.relay = new Relay(settings, this);
    for (NatsImport one : settings.imports.values()) {
      importers.add(new Importer(settings, one, this));
    }
  }

  synchronized void start() {
    if (started || closed) {
      throw new IllegalStateException(closed ? "the bridge is closed" : "the bridge was started already");
    }
    started = true;
    try {
      // One attempt at each server, bounded by the options' connection timeout: jnats's
      // connectReconnectOnConnect would block here until NATS is up (forever with the default
      // unlimited reconnects), while the bridge promises to start with NATS down.
      connect(Nats.connect(options));
    } catch (IOException notReachable) {
      LOG.log(System.Logger.Level.WARNING, "NATS is not reachable (" + notReachable.getMessage()
          + "); the bridge connects in the background, events wait in the store");
      threads.add(thread("torematrix-nats-connect", this::connectUntilUp));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NatsBridgeException("interrupted while connecting to NATS", e);
    }
    if (connection != null && connection.getStatus() == Connection.Status.CONNECTED) {
      try {
        ready(); // a refused setup throws here, before any thread starts
      } catch (RuntimeException | Error e) {
        closeConnection(e);
        throw e;
      }
    }
    if (!settings.exports.isEmpty()) {
      storedListener = settings.bus.durable().onEventStored(relay::wake);
      threads.add(thread("torematrix-nats-relay", relay));
    }
    for (Importer importer : importers) {
      threads.add(thread("torematrix-nats-import-" + importer.name(), importer));
    }
    threads.forEach(Thread::start);
  }

  private void connect(Connection connected) throws IOException {
    connection = connected;
    jetStream = connected.jetStream();
  }

  /**
   * Tries to connect every reconnect wait of the options until it succeeds or the bridge stops;
   * once connected, jnats reconnects by itself.
   */
  private void connectUntilUp() {
    Duration wait = settings.options.getReconnectWait();
    while (!stopping) {
      try {
        Connection connected = Nats.connect(options);
        synchronized (this) {
          if (!stopping) {
            connect(connected);
            return;
          }
        }
        connected.close();
        return;
      } catch (IOException notYet) {
        pause(wait);
      } catch (InterruptedException e) {
        return; // only close interrupts the bridge's threads
      }
    }
  }

  private static Thread thread(String name, Runnable work) {
    Thread thread = new Thread(work, name);
    thread.setDaemon(true);
    return thread;
  }

  /**
   * Whether the stream and consumers are set up: sets them up if not yet and NATS answers.
   *
   * @return false if NATS could not be asked (try again later)
   * @throws NatsBridgeException if the setup was refused, now or before
   */
  boolean ready() {
    if (ready) {
      return true;
    }
    if (connection == null) {
      return false;
    }
    synchronized (setup) {
      if (failure != null) {
        throw new NatsBridgeException(failure);
      }
      if (ready) {
        return true;
      }
      try {
        setup.run(connection.jetStreamManagement());
        ready = true;
        setUpOnce = true;
        return true;
      } catch (NatsBridgeException e) {
        if (setUpOnce && e.getCause() instanceof JetStreamApiException) {
          // a request refused while the stream is set up again (JetStream busy electing, say) is
          // tried again; a stream found with other settings still stops the bridge
          LOG.log(System.Logger.Level.WARNING, "NATS setup to be tried again: " + e.getMessage());
          return false;
        }
        failure = e.getMessage();
        LOG.log(System.Logger.Level.ERROR, "the NATS bridge stops: " + failure, e);
        throw e;
      } catch (IOException | RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, "NATS setup to be tried again: " + e);
        return false;
      }
    }
  }

  /**
   * Makes the next {@link #ready()} create or check the stream and consumers again, when NATS said
   * that one of them is gone: a stream in memory storage is lost when NATS restarts, and anyone may
   * delete a stream or consumer. Any thread.
   */
  void setUpAgain() {
    if (ready) {
      ready = false;
      LOG.log(System.Logger.Level.WARNING, "the NATS stream \"" + settings.stream.name() + "\" or a consumer of"
          + " it is gone; the bridge sets them up again");
    }
  }

  /**
   * Asks NATS for the stream, after a publish failed or before the relay parks an event over the
   * stream's largest message: notes its settings ({@link #maxMessageBytes()}), or, if it is gone,
   * makes the next {@link #ready()} set it up again. Another failure to ask is left to the next
   * attempt.
   */
  void checkStream() {
    try {
      setup.seen(connection.jetStreamManagement().getStreamInfo(settings.stream.name()).getConfiguration());
    } catch (JetStreamApiException e) {
      if (Setup.gone(e)) {
        setUpAgain();
      }
    } catch (IOException | RuntimeException notNow) {
      LOG.log(System.Logger.Level.DEBUG, "could not ask NATS for stream " + settings.stream.name() + ": " + notNow);
    }
  }

  /**
   * The largest message the relay may publish, in bytes ({@code <= 0}: no limit): the server's
   * {@code max_payload}, or the stream's {@code max_msg_size} if that is smaller. Rechecked by
   * {@link #checkStream}, as after a failed publish.
   */
  long maxMessageBytes() {
    long server = connection.getMaxPayload();
    long stream = setup.maxMessageSize();
    return stream > 0 && (server <= 0 || stream < server) ? stream : server;
  }

  /** {@link #maxMessageBytes()}, {@code limit}, with the setting that makes it, for an error. */
  String describeMaxMessage(long limit) {
    long stream = setup.maxMessageSize();
    return stream == limit
        ? "the max message size of stream \"" + settings.stream.name() + "\" of " + limit
            + " bytes (max_msg_size; change it with nats stream edit " + settings.stream.name() + ")"
        : "the NATS server's max payload of " + limit + " bytes (max_payload in the server's configuration)";
  }

  /** The connection's JetStream context. */
  JetStream jetStream() {
    return jetStream;
  }

  /** The connection. */
  Connection connection() {
    return connection;
  }

  /**
   * How many times the connection to NATS was lost so far: what was published before a change of
   * this number may have been lost with the connection, and what jnats had queued and not written
   * yet may still be sent after it reconnects.
   */
  long epoch() {
    return epoch.get();
  }

  /** Whether the connection to NATS is up now. */
  boolean connected() {
    return connection.getStatus() == Connection.Status.CONNECTED;
  }

  /** Whether {@link #close()} was called: the loops end after the work in progress. */
  boolean stopping() {
    return stopping;
  }

  /**
   * Sleeps {@code pause} unless the bridge stops meanwhile.
   *
   * @return false if the bridge is stopping
   */
  boolean pause(Duration pause) {
    long deadline = System.nanoTime() + pause.toNanos();
    while (!stopping) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return true;
      }
      try {
        TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
      } catch (InterruptedException e) {
        return false; // only close interrupts the bridge's threads
      }
    }
    return false;
  }

  /** A failure's text for a status: when, its class and message. */
  static String describe(Throwable failure) {
    return Instant.now() + " " + failure;
  }

  NatsBridgeStatus status() {
    Connection current;
    synchronized (this) {
      current = connection;
    }
    List<NatsImportStatus> imports = new ArrayList<>();
    for (Importer importer : importers) {
      imports.add(importer.status());
    }
    return new NatsBridgeStatus(
        settings.nodeId,
        current != null && current.getStatus() == Connection.Status.CONNECTED,
        ready,
        Optional.ofNullable(failure),
        relay.status(),
        imports);
  }

  private void closeConnection(Throwable failure) {
    try {
      connection.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure.addSuppressed(e);
    }
  }

  /**
   * Stops the threads (waiting up to the close timeout for each to save its work and release its
   * lease), then closes the connection. Idempotent.
   */
  void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      stopping = true;
    }
    relay.wake();
    if (storedListener != null) {
      storedListener.close();
    }
    long deadline = System.nanoTime() + settings.closeTimeout.toNanos();
    boolean interrupted = false;
    for (Thread thread : threads) {
      try {
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        interrupted = true;
      }
      if (thread.isAlive()) {
        thread.interrupt();
        LOG.log(System.Logger.Level.WARNING, thread.getName() + " did not stop within " + settings.closeTimeout
            + "; interrupted");
      }
    }
    Connection current;
    synchronized (this) {
      current = connection;
    }
    if (current != null) {
      try {
        current.close();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Counts the connection's losses, then hands every event on to the listener of the user's
   * options, if any. jnats calls it on its own thread. It implements the two-argument method, which
   * jnats deprecates but still requires, by forwarding it as it is.
   */
  @SuppressWarnings("deprecation")
  private final class Epochs implements ConnectionListener {
    private final ConnectionListener user;

    Epochs(ConnectionListener user) {
      this.user = user;
    }

    @Override
    public void connectionEvent(Connection connection, Events type) {
      count(type);
      if (user != null) {
        user.connectionEvent(connection, type);
      }
    }

    @Override
    public void connectionEvent(Connection connection, Events type, Long time, String uriDetails) {
      count(type);
      if (user != null) {
        user.connectionEvent(connection, type, time, uriDetails);
      }
    }

    private void count(Events type) {
      if (type == Events.DISCONNECTED) {
        epoch.incrementAndGet();
      }
    }
  }
}
