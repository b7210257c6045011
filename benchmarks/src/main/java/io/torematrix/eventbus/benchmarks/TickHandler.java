package io.torematrix.eventbus.benchmarks;

/** The interface the direct-call baselines call. */
public interface TickHandler {
  void onTick(Tick tick);
}
