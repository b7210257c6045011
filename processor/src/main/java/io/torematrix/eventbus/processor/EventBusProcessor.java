package io.torematrix.eventbus.processor;

import com.palantir.javapoet.ClassName;
import io.torematrix.eventbus.processor.codegen.DispatcherGenerator;
import io.torematrix.eventbus.processor.codegen.GeneratedAnnotation;
import io.torematrix.eventbus.processor.codegen.IndexGenerator;
import io.torematrix.eventbus.processor.codegen.JsonAdapterGenerator;
import io.torematrix.eventbus.processor.model.AnnotationReader;
import io.torematrix.eventbus.processor.model.EventTypeModel;
import io.torematrix.eventbus.processor.model.JsonModels;
import io.torematrix.eventbus.processor.model.JsonTypeModel;
import io.torematrix.eventbus.processor.model.ListenerModel;
import io.torematrix.eventbus.processor.model.MiddlewareModel;
import io.torematrix.eventbus.processor.model.ModelScanner;
import io.torematrix.eventbus.processor.model.Names;
import io.torematrix.eventbus.processor.validation.Diagnostic;
import io.torematrix.eventbus.processor.validation.EventTypeValidator;
import io.torematrix.eventbus.processor.validation.ListenerValidator;
import io.torematrix.eventbus.processor.validation.LocalClassHandlers;
import io.torematrix.eventbus.processor.validation.MiddlewareValidator;
import io.torematrix.eventbus.processor.validation.Report;
import io.torematrix.eventbus.processor.validation.SourceTypes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Reads {@code @Event} types, {@code @Subscribe} methods and {@code @Middleware} classes,
 * validates them, and generates a dispatcher per listener class and an index per package, listed
 * for {@link java.util.ServiceLoader}.
 *
 * <p>Each round: types that still refer to unresolved types (perhaps generated later by another
 * processor) are deferred by name to the next round; the others are modelled, validated, and, when
 * clean, generated. A type with an error gets no code. Each package's index is written by {@link
 * PackageIndexes} once the package is complete; the service file listing them all when processing
 * is over. Supports every annotation type ({@code "*"}) so that it also runs where the only
 * handlers sit in anonymous classes, which it must reject; it claims none ({@link
 * AnnotationClaimer}, registered after it, claims this library's annotations).
 */
public final class EventBusProcessor extends AbstractProcessor {
  private Elements elements;
  private ModelScanner scanner;
  private EventTypeValidator eventValidator;
  private ListenerValidator listenerValidator;
  private MiddlewareValidator middlewareValidator;
  private LocalClassHandlers localClassHandlers;
  private DispatcherGenerator dispatcherGenerator;
  private PackageIndexes indexes;
  private JsonModels jsonModels;
  private JsonAdapterGenerator jsonAdapterGenerator;
  private SourceWriter writer;

  private final Set<String> deferredEvents = new LinkedHashSet<>();
  private final Set<String> deferredListeners = new LinkedHashSet<>();
  private final Set<String> deferredMiddleware = new LinkedHashSet<>();
  private boolean errorsThisRound;

  @Override
  public synchronized void init(ProcessingEnvironment environment) {
    super.init(environment);
    elements = environment.getElementUtils();
    scanner = new ModelScanner(elements, environment.getTypeUtils());
    eventValidator = new EventTypeValidator();
    listenerValidator = new ListenerValidator(environment, scanner);
    middlewareValidator = new MiddlewareValidator(elements, environment.getTypeUtils());
    localClassHandlers = LocalClassHandlers.create(environment);
    GeneratedAnnotation generated = new GeneratedAnnotation(environment);
    dispatcherGenerator = new DispatcherGenerator(environment.getTypeUtils(), generated);
    jsonModels = new JsonModels(elements, environment.getTypeUtils());
    jsonAdapterGenerator = new JsonAdapterGenerator(environment.getTypeUtils(), generated);
    writer = new SourceWriter(environment.getFiler());
    indexes =
        new PackageIndexes(
            elements,
            environment.getFiler(),
            scanner,
            SourceTypes.create(environment),
            new IndexGenerator(generated),
            writer);
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of("*");
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    errorsThisRound = false;
    print(localClassHandlers.check(round.getRootElements()));
    if (round.processingOver()) {
      indexes.writeServiceFile();
      reportUnresolved(round);
      return false;
    }
    int written = writer.count();
    processEvents(round);
    processListeners(round);
    processMiddleware(round);
    boolean deferred =
        !deferredEvents.isEmpty() || !deferredListeners.isEmpty() || !deferredMiddleware.isEmpty();
    // javac runs no further round after one in which a processor reported an error.
    indexes.writePending(!errorsThisRound && (writer.count() > written || deferred));
    return false;
  }

  private void print(Report report) {
    report.printTo(processingEnv.getMessager());
    errorsThisRound |= report.hasErrors();
  }

  private void processEvents(RoundEnvironment round) {
    Set<TypeElement> candidates = new LinkedHashSet<>();
    deferredEvents.forEach(name -> candidates.add(elements.getTypeElement(name)));
    deferredEvents.clear();
    TypeElement eventAnnotation = elements.getTypeElement(Names.EVENT);
    if (eventAnnotation != null) {
      candidates.addAll(ElementFilter.typesIn(round.getElementsAnnotatedWith(eventAnnotation)));
    }
    for (TypeElement type : candidates) {
      if (hasUnresolvedSupertype(type)) {
        deferredEvents.add(type.getQualifiedName().toString());
        continue;
      }
      EventTypeModel event = scanner.event(type);
      Report report = eventValidator.validate(event);
      print(report);
      if (!report.hasErrors()) {
        boolean json = !type.getKind().isInterface() && generateJsonAdapters(type);
        indexes.addEvent(packageOf(type), type, json);
      }
    }
  }

  /**
   * Generates the JSON adapters of {@code event} and of what it holds; warns and returns false if
   * it holds something the codec cannot write.
   */
  private boolean generateJsonAdapters(TypeElement event) {
    JsonModels.Result result = jsonModels.of(event);
    if (!result.ok()) {
      Report report = new Report();
      report.add(
          Diagnostic.NOT_SERIALIZABLE, result.problemAt(), event.getSimpleName(), result.problem());
      print(report);
      return false;
    }
    for (JsonTypeModel model : result.models()) {
      ClassName adapter = JsonAdapterGenerator.adapterName(model.type());
      if (elements.getTypeElement(adapter.canonicalName()) == null) {
        writer.writeSource(
            adapter.packageName(),
            jsonAdapterGenerator.generate(model),
            model.type().getQualifiedName().toString());
      }
    }
    return true;
  }

  private void processListeners(RoundEnvironment round) {
    Map<TypeElement, List<ExecutableElement>> handlersByType = new LinkedHashMap<>();
    deferredListeners.forEach(name -> handlersByType.put(elements.getTypeElement(name), new ArrayList<>()));
    deferredListeners.clear();
    TypeElement subscribeAnnotation = elements.getTypeElement(Names.SUBSCRIBE);
    if (subscribeAnnotation != null) {
      for (ExecutableElement method :
          ElementFilter.methodsIn(round.getElementsAnnotatedWith(subscribeAnnotation))) {
        handlersByType.computeIfAbsent(
            (TypeElement) method.getEnclosingElement(), t -> new ArrayList<>());
      }
    }
    for (TypeElement type : handlersByType.keySet()) {
      List<ExecutableElement> handlers = declaredHandlers(type);
      if (handlers.stream().anyMatch(this::hasUnresolvedTypes)) {
        deferredListeners.add(type.getQualifiedName().toString());
        continue;
      }
      ListenerModel listener = scanner.listener(type, handlers);
      Report report = listenerValidator.validate(listener);
      print(report);
      if (!report.hasErrors()) {
        writer.writeSource(
            packageOf(type),
            dispatcherGenerator.generate(listener),
            type.getQualifiedName().toString());
        indexes.addListener(packageOf(type), type);
      }
    }
  }

  private void processMiddleware(RoundEnvironment round) {
    Set<TypeElement> candidates = new LinkedHashSet<>();
    deferredMiddleware.forEach(name -> candidates.add(elements.getTypeElement(name)));
    deferredMiddleware.clear();
    TypeElement middlewareAnnotation = elements.getTypeElement(Names.MIDDLEWARE);
    if (middlewareAnnotation != null) {
      candidates.addAll(ElementFilter.typesIn(round.getElementsAnnotatedWith(middlewareAnnotation)));
    }
    for (TypeElement type : candidates) {
      MiddlewareModel middleware = scanner.middleware(type);
      if (hasUnresolvedSupertype(type)
          || middleware.events().stream()
              .anyMatch(e -> e.type() == null || e.type().getKind() == TypeKind.ERROR)) {
        deferredMiddleware.add(type.getQualifiedName().toString());
        continue;
      }
      Report report = middlewareValidator.validate(middleware);
      print(report);
      if (!report.hasErrors()) {
        indexes.addMiddleware(packageOf(type), type);
      }
    }
  }

  /** The {@code @Subscribe} methods {@code type} declares, in source order. */
  private static List<ExecutableElement> declaredHandlers(TypeElement type) {
    return ElementFilter.methodsIn(type.getEnclosedElements()).stream()
        .filter(m -> AnnotationReader.has(m, Names.SUBSCRIBE))
        .toList();
  }

  private void reportUnresolved(RoundEnvironment round) {
    if (round.errorRaised()) {
      return;
    }
    Report report = new Report();
    for (String name : deferredEvents) {
      report.add(Diagnostic.UNRESOLVED_TYPE, elements.getTypeElement(name), "@Event type", name);
    }
    for (String name : deferredListeners) {
      report.add(Diagnostic.UNRESOLVED_TYPE, elements.getTypeElement(name), "listener", name);
    }
    for (String name : deferredMiddleware) {
      report.add(
          Diagnostic.UNRESOLVED_TYPE, elements.getTypeElement(name), "@Middleware class", name);
    }
    print(report);
  }

  private boolean hasUnresolvedSupertype(TypeElement type) {
    return processingEnv.getTypeUtils().directSupertypes(type.asType()).stream()
        .anyMatch(t -> t.getKind() == TypeKind.ERROR);
  }

  private boolean hasUnresolvedTypes(ExecutableElement method) {
    if (method.getReturnType().getKind() == TypeKind.ERROR) {
      return true;
    }
    for (Element parameter : method.getParameters()) {
      TypeMirror type = parameter.asType();
      if (type.getKind() == TypeKind.ERROR) {
        return true;
      }
    }
    return false;
  }

  private String packageOf(TypeElement type) {
    return elements.getPackageOf(type).getQualifiedName().toString();
  }
}
