package io.torematrix.eventbus.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.ClassName;
import io.torematrix.eventbus.processor.codegen.DispatcherGenerator;
import io.torematrix.eventbus.processor.codegen.GeneratedAnnotation;
import io.torematrix.eventbus.processor.codegen.IndexGenerator;
import io.torematrix.eventbus.processor.codegen.IndexGenerator.PackageIndex;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
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
 * clean, generated. A type with an error gets no code. The round's indexes are written at its end;
 * the service file listing them all when processing is over. Supports every annotation type
 * ({@code "*"}) so that it also runs where the only handlers sit in anonymous classes, which it
 * must reject; it claims none.
 */
@AutoService(Processor.class)
public final class EventBusProcessor extends AbstractProcessor {
  private static final String INDEX_SERVICE = "io.torematrix.eventbus.spi.EventBusIndex";

  private Elements elements;
  private ModelScanner scanner;
  private EventTypeValidator eventValidator;
  private ListenerValidator listenerValidator;
  private MiddlewareValidator middlewareValidator;
  private LocalClassHandlers localClassHandlers;
  private DispatcherGenerator dispatcherGenerator;
  private IndexGenerator indexGenerator;
  private JsonModels jsonModels;
  private JsonAdapterGenerator jsonAdapterGenerator;
  private SourceWriter writer;

  private final Set<String> deferredEvents = new LinkedHashSet<>();
  private final Set<String> deferredListeners = new LinkedHashSet<>();
  private final Set<String> deferredMiddleware = new LinkedHashSet<>();
  private final List<String> writtenIndexes = new ArrayList<>();

  @Override
  public synchronized void init(ProcessingEnvironment environment) {
    super.init(environment);
    elements = environment.getElementUtils();
    scanner = new ModelScanner(elements, environment.getTypeUtils());
    eventValidator = new EventTypeValidator();
    listenerValidator = new ListenerValidator(environment, scanner);
    middlewareValidator = new MiddlewareValidator(elements, environment.getTypeUtils());
    localClassHandlers = LocalClassHandlers.create(environment);
    GeneratedAnnotation generated = new GeneratedAnnotation(elements);
    dispatcherGenerator = new DispatcherGenerator(environment.getTypeUtils(), generated);
    indexGenerator = new IndexGenerator(generated);
    jsonModels = new JsonModels(elements, environment.getTypeUtils());
    jsonAdapterGenerator = new JsonAdapterGenerator(environment.getTypeUtils(), generated);
    writer = new SourceWriter(environment.getFiler());
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
    localClassHandlers.check(round.getRootElements()).printTo(processingEnv.getMessager());
    Map<String, List<EventTypeModel>> eventsByPackage = new TreeMap<>();
    Map<String, List<TypeElement>> listenersByPackage = new TreeMap<>();
    Map<String, List<MiddlewareModel>> middlewareByPackage = new TreeMap<>();
    processEvents(round, eventsByPackage);
    processListeners(round, listenersByPackage);
    processMiddleware(round, middlewareByPackage);
    writeIndexes(eventsByPackage, listenersByPackage, middlewareByPackage);
    if (round.processingOver()) {
      if (!writtenIndexes.isEmpty()) {
        writer.writeServiceFile(INDEX_SERVICE, writtenIndexes);
      }
      reportUnresolved(round);
    }
    return false;
  }

  private void processEvents(RoundEnvironment round, Map<String, List<EventTypeModel>> byPackage) {
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
      report.printTo(processingEnv.getMessager());
      if (!report.hasErrors()) {
        boolean json = !type.getKind().isInterface() && generateJsonAdapters(type);
        byPackage
            .computeIfAbsent(packageOf(type), p -> new ArrayList<>())
            .add(event.withJsonAdapter(json));
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
      report.printTo(processingEnv.getMessager());
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

  private void processListeners(RoundEnvironment round, Map<String, List<TypeElement>> byPackage) {
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
      report.printTo(processingEnv.getMessager());
      if (!report.hasErrors()) {
        writer.writeSource(
            packageOf(type),
            dispatcherGenerator.generate(listener),
            type.getQualifiedName().toString());
        byPackage.computeIfAbsent(packageOf(type), p -> new ArrayList<>()).add(type);
      }
    }
  }

  private void processMiddleware(
      RoundEnvironment round, Map<String, List<MiddlewareModel>> byPackage) {
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
      report.printTo(processingEnv.getMessager());
      if (!report.hasErrors()) {
        byPackage.computeIfAbsent(packageOf(type), p -> new ArrayList<>()).add(middleware);
      }
    }
  }

  /** The {@code @Subscribe} methods {@code type} declares, in source order. */
  private static List<ExecutableElement> declaredHandlers(TypeElement type) {
    return ElementFilter.methodsIn(type.getEnclosedElements()).stream()
        .filter(m -> AnnotationReader.has(m, Names.SUBSCRIBE))
        .toList();
  }

  private void writeIndexes(
      Map<String, List<EventTypeModel>> events,
      Map<String, List<TypeElement>> listeners,
      Map<String, List<MiddlewareModel>> middleware) {
    Set<String> packages = new TreeSet<>(events.keySet());
    packages.addAll(listeners.keySet());
    packages.addAll(middleware.keySet());
    for (String packageName : packages) {
      PackageIndex index =
          new PackageIndex(
              packageName,
              events.getOrDefault(packageName, List.of()),
              listeners.getOrDefault(packageName, List.of()),
              middleware.getOrDefault(packageName, List.of()));
      ClassName name = index.className();
      writer.writeSource(packageName, indexGenerator.generate(index), "the package " + packageName);
      writtenIndexes.add(name.canonicalName());
    }
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
    report.printTo(processingEnv.getMessager());
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
