/**
 * JMH benchmarks of Torematrix Event Bus against a direct call, megamorphic calls, Guava
 * EventBus, greenrobot EventBus (with and without event inheritance, with and without its index),
 * MBassador, an {@code ArrayBlockingQueue} hand-off and the LMAX Disruptor, and of the stores
 * against their database drivers; {@code FenceBenchmark} measures what the synchronisation a
 * synchronous delivery needs costs on the machine. {@code benchmarks/report.py} turns a run's JSON into the bar
 * table; results and their reading are in {@code docs/benchmarks.md}.
 */
package io.torematrix.eventbus.benchmarks;
