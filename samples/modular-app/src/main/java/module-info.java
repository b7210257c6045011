/** The README's quick start as a named module. */
module com.acme.app {
  requires io.torematrix.eventbus;
  requires static java.compiler;
  provides io.torematrix.eventbus.spi.EventBusIndex with com.acme.EventBusIndex;
}
