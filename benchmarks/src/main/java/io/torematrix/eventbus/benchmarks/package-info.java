/**
 * JMH benchmarks of Torematrix Event Bus against a direct call, megamorphic calls, Guava
 * EventBus, greenrobot EventBus (with and without its index), MBassador, an {@code
 * ArrayBlockingQueue} hand-off and the LMAX Disruptor. Results and their reading are in {@code
 * docs/benchmarks.md}.
 */
package io.torematrix.eventbus.benchmarks;
