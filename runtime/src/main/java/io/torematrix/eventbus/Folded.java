package io.torematrix.eventbus;

/**
 * The state of an entity rebuilt from its stream, and the stream version it reflects: publish the
 * next event with {@code ExpectedVersion.exactly(version())} so that a concurrent change is
 * detected.
 *
 * @param state the folded state
 * @param version the version of the last event folded, 0 if the stream is empty
 * @param <S> the state's type
 */
public record Folded<S>(S state, long version) {}
