package io.torematrix.eventbus.processor.validation;

import io.torematrix.eventbus.processor.model.HandlerModel;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;

/**
 * Checks that the class declaring a handler is one a generated dispatcher can bind: a class, not an
 * interface, that code in its package can name. (Handlers in local and anonymous classes never
 * reach the model; {@link LocalClassHandlers} finds those.)
 */
final class ListenerTypeChecks {
  private ListenerTypeChecks() {}

  /** Reports a handler its dispatcher could not reach; returns whether the rest is worth checking. */
  static boolean check(TypeElement listener, HandlerModel handler, Report report) {
    if (listener.getKind().isInterface()) {
      report.add(
          Diagnostic.INTERFACE_HANDLER,
          handler.method(),
          handler.signature(),
          listener.getSimpleName());
      return false;
    }
    for (Element e = listener; e instanceof TypeElement t; e = e.getEnclosingElement()) {
      boolean local =
          t.getNestingKind() == NestingKind.LOCAL || t.getNestingKind() == NestingKind.ANONYMOUS;
      if (local || t.getModifiers().contains(Modifier.PRIVATE)) {
        String where =
            (t == listener ? "" : listener.getSimpleName() + ", nested in ")
                + (local ? "a local or anonymous class" : "private class " + t.getSimpleName());
        report.add(Diagnostic.INACCESSIBLE_LISTENER, handler.method(), handler.signature(), where);
        return false;
      }
    }
    return true;
  }
}
