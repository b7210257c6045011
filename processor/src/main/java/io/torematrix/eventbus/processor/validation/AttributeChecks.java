package io.torematrix.eventbus.processor.validation;

import io.torematrix.eventbus.annotation.Subscribe;
import io.torematrix.eventbus.annotation.SubscribeLimits;
import io.torematrix.eventbus.annotation.TopicSyntax;
import io.torematrix.eventbus.processor.model.AnnotationReader;
import io.torematrix.eventbus.processor.model.AnnotationReader.StringValue;
import io.torematrix.eventbus.processor.model.HandlerModel;
import io.torematrix.eventbus.processor.model.ModelScanner;
import io.torematrix.eventbus.processor.model.ModelScanner.MethodShape;
import io.torematrix.eventbus.processor.model.Signatures;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Checks the attributes of {@code @Subscribe}: the methods {@code filter} and {@code onError} name,
 * topic patterns, order, batching, timeout and {@code ordered}. Each finding points at the value
 * written, or at the method when the default is at fault. Whether a topic, an order or a batch is
 * valid is decided where the runtime decides it, by {@link TopicSyntax} and {@link
 * SubscribeLimits}, so that the build and the lambda API accept the same values; the wording is the
 * catalogue's.
 */
final class AttributeChecks {
  private final Elements elements;
  private final ModelScanner scanner;

  AttributeChecks(Elements elements, ModelScanner scanner) {
    this.elements = elements;
    this.scanner = scanner;
  }

  /** Checks every attribute; {@code eventKnown} says whether the handler's event type is valid. */
  void check(TypeElement listener, HandlerModel handler, boolean eventKnown, Report report) {
    if (eventKnown) {
      checkFilter(listener, handler, report);
      checkOnError(listener, handler, report);
    }
    checkTopics(handler, report);
    checkOrder(handler, report);
    checkBatch(handler, report);
    checkTimeout(handler, report);
    if (handler.ordered() && !handler.priority().equals("NORMAL")) {
      report.addOnValue(
          Diagnostic.REDUNDANT_ORDERED,
          handler.method(),
          handler.annotation(),
          AnnotationReader.explicit(handler.annotation(), "ordered"),
          handler.signature(),
          handler.priority());
    }
  }

  private void checkFilter(TypeElement listener, HandlerModel handler, Report report) {
    if (handler.filterName().isEmpty() || handler.filterMethod() != null) {
      return;
    }
    report.addOnValue(
        Diagnostic.FILTER_NOT_FOUND,
        handler.method(),
        handler.annotation(),
        AnnotationReader.explicit(handler.annotation(), "filter"),
        handler.signature(),
        handler.filterName(),
        candidates(listener, handler.filterName(), handler.eventType(), MethodShape.FILTER),
        Signatures.simple(handler.eventType()));
  }

  private void checkOnError(TypeElement listener, HandlerModel handler, Report report) {
    if (handler.onErrorName().isEmpty() || handler.onErrorMethod() != null) {
      return;
    }
    report.addOnValue(
        Diagnostic.ERROR_HANDLER_NOT_FOUND,
        handler.method(),
        handler.annotation(),
        AnnotationReader.explicit(handler.annotation(), "onError"),
        handler.signature(),
        handler.onErrorName(),
        candidates(
            listener, handler.onErrorName(), handler.eventType(), MethodShape.ERROR_CALLBACK),
        Signatures.simple(handler.eventType()));
  }

  /** Why each method of that name does not fit, or which methods would. */
  private String candidates(
      TypeElement listener, String name, TypeMirror eventType, MethodShape shape) {
    List<ExecutableElement> named = scanner.methodsNamed(listener, name);
    if (!named.isEmpty()) {
      return named.stream()
          .map(m -> Signatures.of(m) + " " + scanner.problem(listener, m, eventType, shape))
          .collect(Collectors.joining("; ", "Candidates: ", ""));
    }
    List<String> fitting = new ArrayList<>();
    for (ExecutableElement m : ElementFilter.methodsIn(elements.getAllMembers(listener))) {
      if (scanner.problem(listener, m, eventType, shape) == null
          && !m.getEnclosingElement().toString().equals("java.lang.Object")) {
        fitting.add(Signatures.of(m));
      }
    }
    return "No method of "
        + listener.getSimpleName()
        + " is named "
        + name
        + (fitting.isEmpty() ? "" : "; methods that fit: " + String.join(", ", fitting));
  }

  private static void checkTopics(HandlerModel handler, Report report) {
    for (StringValue topic : handler.topics()) {
      String problem = TopicSyntax.problem(topic.text(), true);
      if (problem != null) {
        report.addOnValue(
            Diagnostic.INVALID_SUBSCRIBE_TOPIC,
            handler.method(),
            handler.annotation(),
            topic.value(),
            handler.signature(),
            topic.text(),
            problem);
      }
    }
  }

  private static void checkOrder(HandlerModel handler, Report report) {
    if (SubscribeLimits.orderProblem(handler.order()) != null) {
      report.addOnValue(
          Diagnostic.ORDER_OUT_OF_RANGE,
          handler.method(),
          handler.annotation(),
          AnnotationReader.explicit(handler.annotation(), "order"),
          handler.signature(),
          handler.order(),
          Subscribe.MIN_ORDER,
          Subscribe.MAX_ORDER);
    }
  }

  private static void checkBatch(HandlerModel handler, Report report) {
    if (!handler.batch()) {
      for (String attribute : List.of("batchSize", "batchWindowMillis")) {
        AnnotationValue written = AnnotationReader.explicit(handler.annotation(), attribute);
        if (written != null) {
          report.addOnValue(
              Diagnostic.BATCH_WITHOUT_LIST,
              handler.method(),
              handler.annotation(),
              written,
              handler.signature(),
              attribute,
              written);
        }
      }
      return;
    }
    if (!handler.priority().equals("DEFERRED")) {
      AnnotationValue priority = AnnotationReader.explicit(handler.annotation(), "priority");
      report.addOnValue(
          Diagnostic.BATCH_NEEDS_DEFERRED,
          handler.method(),
          priority == null ? null : handler.annotation(),
          priority,
          handler.signature(),
          handler.priority());
    }
    if (SubscribeLimits.batchSizeProblem(handler.batchSize()) != null) {
      report.addOnValue(
          Diagnostic.INVALID_BATCH_SIZE,
          handler.method(),
          handler.annotation(),
          AnnotationReader.explicit(handler.annotation(), "batchSize"),
          handler.signature(),
          handler.batchSize(),
          Subscribe.MAX_BATCH_SIZE);
    }
    if (SubscribeLimits.batchWindowProblem(handler.batchWindowMillis()) != null) {
      report.addOnValue(
          Diagnostic.INVALID_BATCH_WINDOW,
          handler.method(),
          handler.annotation(),
          AnnotationReader.explicit(handler.annotation(), "batchWindowMillis"),
          handler.signature(),
          handler.batchWindowMillis(),
          Subscribe.MAX_BATCH_WINDOW_MILLIS);
    }
  }

  private static void checkTimeout(HandlerModel handler, Report report) {
    AnnotationValue written = AnnotationReader.explicit(handler.annotation(), "timeoutMillis");
    if (written == null) {
      return;
    }
    if (handler.timeoutMillis() < 0) {
      report.addOnValue(
          Diagnostic.INVALID_TIMEOUT,
          handler.method(),
          handler.annotation(),
          written,
          handler.signature(),
          handler.timeoutMillis());
    } else if (handler.timeoutMillis() > 0 && !handler.async()) {
      report.addOnValue(
          Diagnostic.TIMEOUT_NEEDS_ASYNC,
          handler.method(),
          handler.annotation(),
          written,
          handler.signature(),
          handler.timeoutMillis());
    }
  }
}
