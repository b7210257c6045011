/** The annotations of Torematrix Event Bus: {@code @Event}, {@code @Subscribe} and {@code Priority}. */
module io.torematrix.eventbus.annotations {
  exports io.torematrix.eventbus.annotation;
}
