package io.torematrix.eventbus.example;

/** Prints the tour: headings, and what each handler did on which thread. */
public final class Console {
  private Console() {}

  public static void heading(String text) {
    System.out.println();
    System.out.println("== " + text + " ==");
  }

  public static void say(String text) {
    System.out.println("   " + text);
  }

  /** A line from a handler, tagged with who wrote it and on which thread. */
  public static void handler(String who, String text) {
    System.out.println("   [" + who + " @ " + Thread.currentThread().getName() + "] " + text);
  }
}
