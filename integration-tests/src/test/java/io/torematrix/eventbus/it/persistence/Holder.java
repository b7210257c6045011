package io.torematrix.eventbus.it.persistence;

import java.util.Objects;

/** A final class read through its constructor and written through a getter and a field. */
public final class Holder {
  private final String name;
  final char mark;

  public Holder(String name, char mark) {
    this.name = name;
    this.mark = mark;
  }

  public String getName() {
    return name;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Holder holder && Objects.equals(name, holder.name) && mark == holder.mark;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, mark);
  }

  @Override
  public String toString() {
    return "Holder[" + name + ", " + mark + "]";
  }
}
