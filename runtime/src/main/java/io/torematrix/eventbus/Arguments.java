package io.torematrix.eventbus;

import java.util.Arrays;
import java.util.List;

/** Checks of the arguments of the public API's variable-arity methods. */
final class Arguments {
  private Arguments() {}

  /**
   * The elements of {@code values}, the arguments given for the parameter {@code name}, as an
   * unmodifiable list in their order.
   *
   * @throws NullPointerException naming the parameter if the array is {@code null}, or naming
   *     the parameter and the index of the first {@code null} element, such as {@code names[1] is
   *     null}
   */
  static <T> List<T> listOf(String name, T[] values) {
    if (values == null) {
      throw new NullPointerException(name + " is null");
    }
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        throw new NullPointerException(name + "[" + i + "] is null");
      }
    }
    return List.copyOf(Arrays.asList(values));
  }
}
