/**
 * The annotations of Torematrix Event Bus: {@code @Event}, {@code @Subscribe} (with {@code
 * Priority}, {@code DurableStart} and {@code @Retry}) and {@code @Middleware}, and the rules that
 * both the processor and the runtime check.
 */
module io.torematrix.eventbus.annotations {
  exports io.torematrix.eventbus.annotation;
}
