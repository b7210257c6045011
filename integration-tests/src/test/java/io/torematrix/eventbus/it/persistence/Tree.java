package io.torematrix.eventbus.it.persistence;

import io.torematrix.eventbus.annotation.Event;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A record that holds itself through every container: the most stack the generated adapters use
 * per level of JSON.
 */
@Event(name = "tree", version = 1)
public record Tree(Map<String, List<Optional<Tree>>> children) {

  /** A tree {@code levels} records deep: each nests a map, a list and an object, 3 JSON levels. */
  public static Tree deep(int levels) {
    Tree tree = new Tree(Map.of());
    for (int i = 1; i < levels; i++) {
      tree = new Tree(Map.of("c", List.of(Optional.of(tree))));
    }
    return tree;
  }
}
