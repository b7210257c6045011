package io.torematrix.eventbus.processor.validation;

import io.torematrix.eventbus.processor.model.AnnotationReader;
import io.torematrix.eventbus.processor.model.AnnotationReader.StringValue;
import io.torematrix.eventbus.processor.model.HandlerModel;
import io.torematrix.eventbus.processor.model.ListenerModel;
import io.torematrix.eventbus.processor.model.ModelScanner;
import io.torematrix.eventbus.processor.model.Signatures;
import java.util.HashMap;
import java.util.Map;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Types;

/**
 * Checks a listener class and each of its {@code @Subscribe} methods, by concern: the listener
 * type ({@link ListenerTypeChecks}), each handler's signature ({@link SignatureChecks}) and its
 * attributes ({@link AttributeChecks}); then overloads that subscribe alike. Every handler is
 * checked, so one mistake does not hide the next.
 */
public final class ListenerValidator {
  private final Types types;
  private final SignatureChecks signatures;
  private final AttributeChecks attributes;
  /** The handler that took each durable name in this compilation, across rounds. */
  private final Map<String, String> handlerByDurableName = new HashMap<>();

  /**
   * A validator of one compilation, which remembers durable names across its rounds.
   *
   * @param environment the processing environment
   * @param scanner the compilation's model scanner, which finds filter and error methods
   */
  public ListenerValidator(ProcessingEnvironment environment, ModelScanner scanner) {
    this.types = environment.getTypeUtils();
    this.signatures =
        new SignatureChecks(
            environment.getElementUtils(), types, SourceTypes.create(environment));
    this.attributes = new AttributeChecks(environment.getElementUtils(), scanner);
  }

  /**
   * Validates a listener and all its handlers.
   *
   * @param listener the listener's model
   * @return what is wrong with it, empty if nothing
   */
  public Report validate(ListenerModel listener) {
    Report report = new Report();
    TypeElement type = listener.type();
    for (HandlerModel handler : listener.handlers()) {
      if (ListenerTypeChecks.check(type, handler, report)) {
        boolean eventParameter = signatures.check(type, handler, report);
        attributes.check(type, handler, eventParameter, report);
      }
    }
    checkOverloads(listener, report);
    checkDurableNames(listener, report);
    return report;
  }

  /**
   * Rejects a durable name another handler of this compilation took already. Names are remembered
   * only from listeners without errors, which get code; a handler in error takes no name.
   */
  private void checkDurableNames(ListenerModel listener, Report report) {
    if (report.hasErrors()) {
      return;
    }
    Map<String, String> taken = new HashMap<>();
    for (HandlerModel handler : listener.handlers()) {
      if (!handler.isDurable()) {
        continue;
      }
      String description = listener.type().getSimpleName() + "." + handler.signature();
      String owner = handlerByDurableName.get(handler.durable());
      if (owner == null) {
        owner = taken.putIfAbsent(handler.durable(), description);
      }
      if (owner != null && !owner.equals(description)) {
        report.addOnValue(
            Diagnostic.DUPLICATE_DURABLE_NAME,
            handler.method(),
            handler.annotation(),
            AnnotationReader.explicit(handler.annotation(), "durable"),
            handler.signature(),
            handler.durable(),
            owner);
      }
    }
    if (!report.hasErrors()) {
      handlerByDurableName.putAll(taken);
    }
  }

  /**
   * Warns about two overloads of one handler name that subscribe alike: same event type, topics,
   * priority, order, filter and delivery (ordered, batched, timed). Two differently named handlers
   * of one event are an ordinary design (update a cache, send a mail) and are left alone; two
   * overloads are nearly always the old and new form of one handler. Handlers with errors are left
   * out: their errors say enough.
   */
  private void checkOverloads(ListenerModel listener, Report report) {
    Map<String, HandlerModel> firstByKey = new HashMap<>();
    for (HandlerModel handler : listener.handlers()) {
      if (handler.eventType() == null || report.hasErrorOn(handler.method())) {
        continue;
      }
      String key =
          handler.method().getSimpleName()
              + " for "
              + types.erasure(handler.eventType())
              + " on "
              + handler.topics().stream().map(StringValue::text).sorted().toList()
              + " at "
              + handler.priority()
              + " "
              + handler.order()
              + " filtered by "
              + handler.filterName()
              + (handler.ordered() ? " ordered" : "")
              + (handler.batch() ? " in batches" : "")
              + (handler.timeoutMillis() > 0 ? " timed" : "")
              + (handler.isDurable() ? " durable " + handler.durable() : "");
      HandlerModel first = firstByKey.putIfAbsent(key, handler);
      if (first != null) {
        report.add(
            Diagnostic.DUPLICATE_HANDLER,
            handler.method(),
            handler.signature(),
            first.signature(),
            Signatures.simple(handler.eventType()));
      }
    }
  }
}
