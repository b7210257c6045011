/**
 * The Torematrix Event Bus runtime: {@link io.torematrix.eventbus.EventBus} and the contract,
 * in {@code io.torematrix.eventbus.spi}, that generated code implements. Depends on the JDK alone.
 */
module io.torematrix.eventbus {
  requires transitive io.torematrix.eventbus.annotations;

  exports io.torematrix.eventbus;
  exports io.torematrix.eventbus.codec;
  exports io.torematrix.eventbus.middleware;
  exports io.torematrix.eventbus.spi;
  exports io.torematrix.eventbus.testing;

  uses io.torematrix.eventbus.spi.EventBusIndex;
}
