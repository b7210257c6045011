package io.torematrix.eventbus.processor.validation;

import io.torematrix.eventbus.annotation.DurableNames;
import io.torematrix.eventbus.annotation.Subscribe;
import io.torematrix.eventbus.annotation.SubscribeLimits;
import io.torematrix.eventbus.annotation.TopicSyntax;
import io.torematrix.eventbus.processor.model.AnnotationReader;
import io.torematrix.eventbus.processor.model.AnnotationReader.StringValue;
import io.torematrix.eventbus.processor.model.HandlerModel;
import io.torematrix.eventbus.processor.model.ModelScanner;
import io.torematrix.eventbus.processor.model.ModelScanner.MethodShape;
import io.torematrix.eventbus.processor.model.RetryModel;
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
 * topic patterns, order, batching, timeout, {@code ordered}, and those of a durable subscription
 * (its name, what does not fit with it, its {@code @Retry}). Each finding points at the value
 * written, or at the method when the default is at fault. Whether a topic, an order, a batch, a
 * durable name or a retry is valid is decided where the runtime decides it, by {@link
 * TopicSyntax}, {@link SubscribeLimits} and {@link DurableNames}, so that the build and the lambda
 * API accept the same values; the wording is the catalogue's.
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
    if (handler.isDurable()) {
      checkDurable(handler, report);
      if (!handler.batch()) {
        checkBatch(handler, report);
      }
    } else {
      checkNotDurable(handler, report);
      checkBatch(handler, report);
    }
    checkTimeout(handler, report);
    if (handler.ordered() && !handler.priority().equals("NORMAL") && !handler.isDurable()) {
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

  /**
   * A durable handler: a valid name; no batch, priority or order, which have no meaning for a
   * subscription its own worker delivers from the store; {@code ordered} is redundant; {@code
   * @Retry} within its ranges.
   */
  private static void checkDurable(HandlerModel handler, Report report) {
    AnnotationValue durable = AnnotationReader.explicit(handler.annotation(), "durable");
    String problem = DurableNames.problem(handler.durable());
    if (problem != null) {
      report.addOnValue(
          Diagnostic.INVALID_DURABLE_NAME,
          handler.method(),
          handler.annotation(),
          durable,
          handler.signature(),
          handler.durable(),
          problem);
    }
    if (handler.batch()) {
      report.addOnValue(
          Diagnostic.DURABLE_BATCH,
          handler.method(),
          handler.annotation(),
          durable,
          handler.signature(),
          handler.durable(),
          handler.method().getSimpleName()
              + "("
              + Signatures.simple(handler.eventType())
              + " event)");
    } else if (!handler.priority().equals("NORMAL")) {
      report.addOnValue(
          handler.priority().equals("IMMEDIATE")
              ? Diagnostic.DURABLE_IMMEDIATE
              : Diagnostic.DURABLE_DEFERRED,
          handler.method(),
          handler.annotation(),
          AnnotationReader.explicit(handler.annotation(), "priority"),
          handler.signature(),
          handler.durable());
    }
    AnnotationValue order = AnnotationReader.explicit(handler.annotation(), "order");
    if (order != null && handler.order() != 0) {
      report.addOnValue(
          Diagnostic.DURABLE_ORDER,
          handler.method(),
          handler.annotation(),
          order,
          handler.signature(),
          handler.durable(),
          handler.order());
    }
    if (handler.ordered()) {
      report.addOnValue(
          Diagnostic.DURABLE_ORDERED,
          handler.method(),
          handler.annotation(),
          AnnotationReader.explicit(handler.annotation(), "ordered"),
          handler.signature(),
          handler.durable());
    }
    checkRetry(handler, report);
  }

  private static void checkRetry(HandlerModel handler, Report report) {
    RetryModel retry = handler.retry();
    checkRetryValue(handler, report, "maxAttempts", retry.maxAttempts(),
        SubscribeLimits.maxAttemptsProblem(retry.maxAttempts()));
    checkRetryValue(handler, report, "backoffMillis", retry.backoffMillis(),
        SubscribeLimits.backoffProblem(retry.backoffMillis()));
    checkRetryValue(handler, report, "multiplier", retry.multiplier(),
        SubscribeLimits.multiplierProblem(retry.multiplier()));
    if (SubscribeLimits.backoffProblem(retry.backoffMillis()) == null) {
      checkRetryValue(handler, report, "maxBackoffMillis", retry.maxBackoffMillis(),
          SubscribeLimits.maxBackoffProblem(retry.maxBackoffMillis(), retry.backoffMillis()));
    }
  }

  /** Reports {@code problem}, if any, on the value written, or on {@code retry} for a default. */
  private static void checkRetryValue(
      HandlerModel handler, Report report, String attribute, Object value, String problem) {
    if (problem == null) {
      return;
    }
    AnnotationValue written = AnnotationReader.explicit(handler.retry().annotation(), attribute);
    if (written != null) {
      report.addOnValue(
          Diagnostic.INVALID_RETRY,
          handler.method(),
          handler.retry().annotation(),
          written,
          handler.signature(),
          attribute,
          value,
          problem);
    } else {
      report.addOnValue(
          Diagnostic.INVALID_RETRY,
          handler.method(),
          handler.annotation(),
          AnnotationReader.explicit(handler.annotation(), "retry"),
          handler.signature(),
          attribute,
          value,
          problem);
    }
  }

  /** A handler that is not durable: {@code startAt} and {@code retry} would do nothing. */
  private static void checkNotDurable(HandlerModel handler, Report report) {
    for (String attribute : List.of("startAt", "retry")) {
      AnnotationValue written = AnnotationReader.explicit(handler.annotation(), attribute);
      if (written != null) {
        report.addOnValue(
            Diagnostic.NOT_DURABLE,
            handler.method(),
            handler.annotation(),
            written,
            handler.signature(),
            attribute);
      }
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
