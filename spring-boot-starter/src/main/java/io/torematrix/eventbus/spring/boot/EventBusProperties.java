package io.torematrix.eventbus.spring.boot;

import io.torematrix.eventbus.BackpressurePolicy;
import io.torematrix.eventbus.EventBusBuilder;
import io.torematrix.eventbus.HandlerTiming;
import java.time.Duration;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code torematrix.eventbus.*} properties: how the auto-configured bus is built, closed and
 * checked. Each setter rejects a value the bus could not use with an {@link
 * IllegalArgumentException} naming the property, so a bad value fails the application's start;
 * so does a property under {@code torematrix.eventbus.} that none of these names (a misspelt one,
 * say), rather than being ignored.
 */
@ConfigurationProperties(prefix = "torematrix.eventbus", ignoreUnknownFields = false)
public class EventBusProperties {
  /** Properties at their defaults, which Spring then binds. */
  public EventBusProperties() {}


  /** What {@code publish} does when the queue an event needs is full. */
  public enum Backpressure {
    /** Block the publisher for up to {@code backpressure-timeout}, then fail its publish stage. */
    WAIT,
    /** Fail the publish stage at once, never blocking the publisher. */
    FAIL
  }

  /** The most events each of the NORMAL and DEFERRED queues holds. */
  private int queueCapacity = 10_000;

  /** What publish does when a queue is full: WAIT for room, or FAIL at once. */
  private Backpressure backpressure = Backpressure.WAIT;

  /** How long a publisher waits for room in a full queue when backpressure is WAIT. */
  private Duration backpressureTimeout = Duration.ofSeconds(5);

  /**
   * How long closing the bus waits for accepted events to be delivered. Defaults to
   * spring.lifecycle.timeout-per-shutdown-phase, and must not exceed it.
   */
  private Duration closeTimeout;

  /** Which handler invocations are timed for the metrics: OFF, SAMPLED or ALL. */
  private HandlerTiming handlerTiming = HandlerTiming.SAMPLED;

  /**
   * Whether every handler runs on the publishing thread, before publish returns: for tests, where
   * it makes outcomes deterministic. Replaces any executor, virtual threads included.
   */
  private boolean directExecution;

  /**
   * Whether the @Middleware classes of the generated indexes run; a bean of such a class is used
   * as its instance. Off, neither runs.
   */
  private boolean discoverMiddleware = true;

  /**
   * Whether singleton beans with a generated dispatcher are registered with the bus once the
   * singletons exist, and unregistered when destroyed.
   */
  private boolean registerListeners = true;

  /**
   * Which event store the starter defines for the bus: MEMORY, or JDBC on the application's
   * DataSource (PostgreSQL or SQLite). Unset, it defines none, and the bus keeps its events in the
   * application's EventStore bean if there is one.
   */
  private Store store;

  private final Jdbc jdbc = new Jdbc();

  private final Durable durable = new Durable();

  private final Health health = new Health();

  /**
   * {@return the capacity of each of the bus's queues, in events; 10,000 by default, as {@link
   * EventBusBuilder#DEFAULT_QUEUE_CAPACITY}}
   */
  public int getQueueCapacity() {
    return queueCapacity;
  }

  /**
   * Sets the queue capacity.
   *
   * @param queueCapacity the capacity of each queue, in events, at least 1
   * @throws IllegalArgumentException if {@code queueCapacity} is less than 1
   */
  public void setQueueCapacity(int queueCapacity) {
    if (queueCapacity < 1) {
      throw new IllegalArgumentException(
          "torematrix.eventbus.queue-capacity must be at least 1 but was " + queueCapacity);
    }
    this.queueCapacity = queueCapacity;
  }

  /** {@return the backpressure policy's kind; {@link Backpressure#WAIT} by default} */
  public Backpressure getBackpressure() {
    return backpressure;
  }

  /**
   * Sets the backpressure policy's kind.
   *
   * @param backpressure what a publisher does when a queue is full
   * @throws NullPointerException if {@code backpressure} is null
   */
  public void setBackpressure(Backpressure backpressure) {
    this.backpressure = Objects.requireNonNull(backpressure, "backpressure");
  }

  /** {@return how long a publisher waits for room with {@link Backpressure#WAIT}; 5 seconds by default} */
  public Duration getBackpressureTimeout() {
    return backpressureTimeout;
  }

  /**
   * Sets how long a publisher waits for room.
   *
   * @param timeout the longest wait, zero or more
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws NullPointerException if {@code timeout} is null
   */
  public void setBackpressureTimeout(Duration timeout) {
    this.backpressureTimeout = requireNotNegative("backpressure-timeout", timeout);
  }

  /** {@return the policy {@link #getBackpressure()} and {@link #getBackpressureTimeout()} describe} */
  public BackpressurePolicy backpressurePolicy() {
    return backpressure == Backpressure.FAIL
        ? BackpressurePolicy.failImmediately()
        : BackpressurePolicy.waitUpTo(backpressureTimeout);
  }

  /**
   * {@return the close timeout, or {@code null} for the default: the shutdown phase's timeout,
   * {@code spring.lifecycle.timeout-per-shutdown-phase}}
   */
  public Duration getCloseTimeout() {
    return closeTimeout;
  }

  /**
   * Sets the close timeout.
   *
   * @param timeout how long closing the bus waits for its queued deliveries, zero or more; at most
   *     the shutdown phase's timeout, which the bus bean's creation checks
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws NullPointerException if {@code timeout} is null
   */
  public void setCloseTimeout(Duration timeout) {
    this.closeTimeout = requireNotNegative("close-timeout", timeout);
  }

  /** {@return which handler invocations are timed; {@link HandlerTiming#SAMPLED} by default} */
  public HandlerTiming getHandlerTiming() {
    return handlerTiming;
  }

  /**
   * Sets which handler invocations are timed.
   *
   * @param handlerTiming all, a sample, or none
   * @throws NullPointerException if {@code handlerTiming} is null
   */
  public void setHandlerTiming(HandlerTiming handlerTiming) {
    this.handlerTiming = Objects.requireNonNull(handlerTiming, "handlerTiming");
  }

  /** {@return whether handlers run on the publishing thread; {@code false} by default} */
  public boolean isDirectExecution() {
    return directExecution;
  }

  /**
   * Sets whether handlers run on the publishing thread.
   *
   * @param directExecution {@code true} for every level on the publishing thread (tests)
   */
  public void setDirectExecution(boolean directExecution) {
    this.directExecution = directExecution;
  }

  /** {@return whether discovered {@code @Middleware} classes run; {@code true} by default} */
  public boolean isDiscoverMiddleware() {
    return discoverMiddleware;
  }

  /**
   * Sets whether discovered {@code @Middleware} classes run.
   *
   * @param discoverMiddleware {@code false} to leave every generated index's middleware out
   */
  public void setDiscoverMiddleware(boolean discoverMiddleware) {
    this.discoverMiddleware = discoverMiddleware;
  }

  /** {@return whether listener beans are registered with the bus; {@code true} by default} */
  public boolean isRegisterListeners() {
    return registerListeners;
  }

  /**
   * Sets whether listener beans are registered with the bus.
   *
   * @param registerListeners {@code false} to register none of them
   */
  public void setRegisterListeners(boolean registerListeners) {
    this.registerListeners = registerListeners;
  }

  /** {@return the store the starter defines, or {@code null} for none} */
  public Store getStore() {
    return store;
  }

  /**
   * Sets the store the starter defines; {@code null} for none.
   *
   * @param store the store, or {@code null}
   */
  public void setStore(Store store) {
    this.store = store;
  }

  /** {@return the {@code torematrix.eventbus.jdbc.*} properties} */
  public Jdbc getJdbc() {
    return jdbc;
  }

  /** {@return the {@code torematrix.eventbus.durable.*} properties} */
  public Durable getDurable() {
    return durable;
  }

  /** {@return the {@code torematrix.eventbus.health.*} properties} */
  public Health getHealth() {
    return health;
  }

  private static Duration requireNotNegative(String property, Duration timeout) {
    Objects.requireNonNull(timeout, property);
    if (timeout.isNegative()) {
      throw new IllegalArgumentException(
          "torematrix.eventbus." + property + " must not be negative but was " + timeout);
    }
    return timeout;
  }

  /** Which event store the starter defines. */
  public enum Store {
    /** An in-memory store: history and durable subscriptions within one run of the application. */
    MEMORY,
    /**
     * A JDBC store on the application's DataSource bean, PostgreSQL or SQLite, told apart by the
     * connection's metadata.
     */
    JDBC
  }

  /**
   * How the JDBC store ({@code torematrix.eventbus.store=jdbc}) keeps its tables. Checked when the
   * store is made: a value the store cannot use fails the start naming its property.
   */
  public static class Jdbc {
    /** The {@code jdbc.*} properties at their defaults. */
    public Jdbc() {}


    /**
     * The start of the store's table names, which are this followed by events, subscriptions,
     * parked and schema: 1 to 40 lower-case letters, digits and _, not starting with a digit.
     */
    private String tablePrefix = "eventbus_";

    /**
     * PostgreSQL only: the schema holding the store's tables, created if missing. Unset, the
     * connection's current schema. On SQLite, which has no schemas, setting it fails the start.
     */
    private String schema;

    /**
     * SQLite only: whether commits use synchronous=FULL, surviving a power loss too, instead of
     * NORMAL, which survives a crash of the process.
     */
    private boolean synchronousFull;

    /** SQLite only: the most waiting appends the writer thread commits in one transaction. */
    private int maxGroupSize = 256;

    /** {@return the prefix of the store's table names; {@code eventbus_} by default} */
    public String getTablePrefix() {
      return tablePrefix;
    }

    /**
     * Sets the prefix of the store's table names.
     *
     * @param tablePrefix the prefix: lower-case letters, digits and underscores, starting with a
     *     letter or underscore
     */
    public void setTablePrefix(String tablePrefix) {
      this.tablePrefix = tablePrefix;
    }

    /** {@return the PostgreSQL schema, or {@code null} for the connection's current one} */
    public String getSchema() {
      return schema;
    }

    /**
     * Sets the PostgreSQL schema.
     *
     * @param schema the schema, or {@code null} for the connection's current one
     */
    public void setSchema(String schema) {
      this.schema = schema;
    }

    /** {@return whether SQLite commits use {@code synchronous=FULL}; {@code false} by default} */
    public boolean isSynchronousFull() {
      return synchronousFull;
    }

    /**
     * Sets whether SQLite commits use {@code synchronous=FULL}.
     *
     * @param synchronousFull {@code true} to survive a power loss too, at the cost of an fsync per
     *     commit
     */
    public void setSynchronousFull(boolean synchronousFull) {
      this.synchronousFull = synchronousFull;
    }

    /** {@return the most appends a SQLite commit groups; 256 by default} */
    public int getMaxGroupSize() {
      return maxGroupSize;
    }

    /**
     * Sets the most appends a SQLite commit groups.
     *
     * @param maxGroupSize the most appends of one commit, 1 and up
     */
    public void setMaxGroupSize(int maxGroupSize) {
      this.maxGroupSize = maxGroupSize;
    }
  }

  /**
   * How the bus's durable subscriptions share their work with other processes on the same store.
   * Unset, the bus's defaults apply; a value the bus cannot use fails the start naming its
   * property.
   */
  public static class Durable {
    /** The {@code durable.*} properties at their defaults. */
    public Durable() {}


    /**
     * How long a durable subscription's lease lasts unless renewed; another process takes over a
     * subscription whose holder died once it lapsed. 10s unless set; 100ms to 1h.
     */
    private Duration leaseTimeout;

    /**
     * How often an idle durable subscription looks for events appended by other processes. 250ms
     * unless set; 1ms to 1m.
     */
    private Duration pollInterval;

    /** {@return the lease timeout, or {@code null} for the bus's default} */
    public Duration getLeaseTimeout() {
      return leaseTimeout;
    }

    /**
     * Sets the lease timeout.
     *
     * @param leaseTimeout the lease timeout, or {@code null} for the bus's default
     */
    public void setLeaseTimeout(Duration leaseTimeout) {
      this.leaseTimeout = leaseTimeout;
    }

    /** {@return the poll interval, or {@code null} for the bus's default} */
    public Duration getPollInterval() {
      return pollInterval;
    }

    /**
     * Sets the poll interval.
     *
     * @param pollInterval the poll interval, or {@code null} for the bus's default
     */
    public void setPollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
    }
  }

  /** How the Actuator health indicator judges the bus. */
  public static class Health {
    /** The {@code health.*} properties at their defaults. */
    public Health() {}


    /**
     * The share of a queue's capacity, above 0 and at most 1, at which the health indicator
     * reports the bus OUT_OF_SERVICE.
     */
    private double saturationThreshold = 0.9;

    /** {@return the saturation threshold, a share of a queue's capacity; 0.9 by default} */
    public double getSaturationThreshold() {
      return saturationThreshold;
    }

    /**
     * Sets the saturation threshold.
     *
     * @param threshold a share of a queue's capacity, above 0 and at most 1
     * @throws IllegalArgumentException unless {@code threshold} is above 0 and at most 1
     */
    public void setSaturationThreshold(double threshold) {
      if (!(threshold > 0 && threshold <= 1)) {
        throw new IllegalArgumentException(
            "torematrix.eventbus.health.saturation-threshold must be above 0 and at most 1 but was "
                + threshold);
      }
      this.saturationThreshold = threshold;
    }
  }
}
