package io.torematrix.eventbus.processor;

import io.torematrix.eventbus.processor.codegen.DispatcherGenerator;
import io.torematrix.eventbus.processor.codegen.IndexGenerator;
import io.torematrix.eventbus.processor.codegen.IndexGenerator.PackageIndex;
import io.torematrix.eventbus.processor.codegen.JsonAdapterGenerator;
import io.torematrix.eventbus.processor.model.AnnotationReader;
import io.torematrix.eventbus.processor.model.ModelScanner;
import io.torematrix.eventbus.processor.model.Names;
import io.torematrix.eventbus.processor.validation.SourceTypes;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Element;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.tools.StandardLocation;

/**
 * Collects the entries of each package's index over the rounds of one compilation, names the
 * index, writes it once its package is complete, and lists every index in {@code META-INF/services}.
 *
 * <p><b>Names.</b> A package's index is {@code EventBusIndex}, a name a module writes once in its
 * {@code provides} clause. When a class of that name is already on the class path but not in this
 * compilation's output (a test source set compiled against the main one), the index takes the next
 * free name, {@code EventBusIndex2}, then {@code 3}, and so on; the same holds for entries another
 * processor adds to a package after its index was written.
 *
 * <p><b>When.</b> Entries are kept by name, never as elements, across rounds. The indexes are
 * written at the end of a round in which this processor wrote nothing else and nothing waits for
 * unresolved types (or in which it reported an error, after which javac runs no other round):
 * such a round is never the last (the last round may not generate sources without a warning), and
 * the entries of the package are then known.
 *
 * <p><b>Incremental compiles.</b> When this compilation's output already holds the package's index,
 * under the name it takes now ({@code EventBusIndex2} in a test output, say: an incremental compile
 * that passes only changed sources, with the output on the class path), the
 * index is rewritten with the entries whose class files are in that output, found by their
 * annotations and generated dispatchers, so no earlier listener is lost; and the services file is
 * merged with the one in the output, keeping the indexes that still exist.
 */
final class PackageIndexes {
  private static final String SERVICE = "io.torematrix.eventbus.spi.EventBusIndex";
  private static final String BASE_NAME = "EventBusIndex";

  private final Elements elements;
  private final Filer filer;
  private final ModelScanner scanner;
  private final SourceTypes sources;
  private final IndexGenerator generator;
  private final SourceWriter writer;

  private final Map<String, Entries> pending = new TreeMap<>();
  private final Set<String> indexedPackages = new HashSet<>();
  private final Set<String> written = new TreeSet<>();

  PackageIndexes(
      Elements elements,
      Filer filer,
      ModelScanner scanner,
      SourceTypes sources,
      IndexGenerator generator,
      SourceWriter writer) {
    this.elements = elements;
    this.filer = filer;
    this.scanner = scanner;
    this.sources = sources;
    this.generator = generator;
    this.writer = writer;
  }

  /** The names of one package's entries. */
  private static final class Entries {
    final Map<String, Boolean> eventsWithJson = new TreeMap<>();
    final Set<String> listeners = new TreeSet<>();
    final Set<String> middleware = new TreeSet<>();
  }

  void addEvent(String packageName, TypeElement event, boolean hasJsonAdapter) {
    entries(packageName).eventsWithJson.put(event.getQualifiedName().toString(), hasJsonAdapter);
  }

  void addListener(String packageName, TypeElement listener) {
    entries(packageName).listeners.add(listener.getQualifiedName().toString());
  }

  void addMiddleware(String packageName, TypeElement middleware) {
    entries(packageName).middleware.add(middleware.getQualifiedName().toString());
  }

  private Entries entries(String packageName) {
    return pending.computeIfAbsent(packageName, p -> new Entries());
  }

  /**
   * Writes the pending indexes, unless {@code wait}: the round wrote other code or types wait to
   * resolve, so another round comes and may add entries.
   */
  void writePending(boolean wait) {
    if (wait) {
      return;
    }
    pending.forEach(this::write);
    pending.clear();
  }

  private void write(String packageName, Entries entries) {
    String simpleName = freeName(packageName);
    if (indexedPackages.add(packageName) && outputHolds(qualified(packageName, simpleName))) {
      addEarlierOutput(packageName, entries);
    }
    PackageIndex index =
        new PackageIndex(
            packageName,
            simpleName,
            entries.eventsWithJson.entrySet().stream()
                .map(e -> scanner.event(type(e.getKey())).withJsonAdapter(e.getValue()))
                .toList(),
            entries.listeners.stream().map(this::type).toList(),
            entries.middleware.stream().map(m -> scanner.middleware(type(m))).toList());
    writer.writeSource(packageName, generator.generate(index), "the package " + packageName);
    written.add(index.className().canonicalName());
  }

  /** {@code EventBusIndex}, or the first of {@code EventBusIndex2, 3, ...} not taken. */
  private String freeName(String packageName) {
    for (int n = 1; ; n++) {
      String simpleName = n == 1 ? BASE_NAME : BASE_NAME + n;
      String name = qualified(packageName, simpleName);
      if (written.contains(name)) {
        continue;
      }
      TypeElement existing = elements.getTypeElement(name);
      if (existing == null || (!sources.isCompiledNow(existing) && outputHolds(name))) {
        return simpleName;
      }
    }
  }

  /** Adds the entries whose class files an earlier compilation left in this output. */
  private void addEarlierOutput(String packageName, Entries entries) {
    PackageElement packageElement = elements.getPackageElement(packageName);
    if (packageElement == null) {
      return;
    }
    Deque<Element> queue = new ArrayDeque<>(packageElement.getEnclosedElements());
    while (!queue.isEmpty()) {
      if (!(queue.removeFirst() instanceof TypeElement type)) {
        continue;
      }
      queue.addAll(ElementFilter.typesIn(type.getEnclosedElements()));
      String name = type.getQualifiedName().toString();
      if (sources.isCompiledNow(type) || !outputHolds(elements.getBinaryName(type).toString())) {
        continue;
      }
      if (AnnotationReader.has(type, Names.EVENT)) {
        String adapter = JsonAdapterGenerator.adapterName(type).canonicalName();
        entries.eventsWithJson.putIfAbsent(name, elements.getTypeElement(adapter) != null);
      }
      if (AnnotationReader.has(type, Names.MIDDLEWARE)) {
        entries.middleware.add(name);
      }
      String dispatcher = DispatcherGenerator.dispatcherName(type).canonicalName();
      if (elements.getTypeElement(dispatcher) != null) {
        entries.listeners.add(name);
      }
    }
  }

  /** Whether this compilation's class output already holds the class {@code binaryName}. */
  private boolean outputHolds(String binaryName) {
    int dot = binaryName.lastIndexOf('.');
    String packageName = dot < 0 ? "" : binaryName.substring(0, dot);
    String file = binaryName.substring(dot + 1) + ".class";
    try (InputStream in =
        filer.getResource(StandardLocation.CLASS_OUTPUT, packageName, file).openInputStream()) {
      return in.read() != -1;
    } catch (IOException | IllegalArgumentException absent) {
      return false;
    }
  }

  /**
   * Lists the indexes written in {@code META-INF/services}, with those an earlier compilation
   * listed there that still exist; writes nothing when no index was written.
   */
  void writeServiceFile() {
    if (written.isEmpty()) {
      return;
    }
    List<String> all = new ArrayList<>(written);
    String path = "META-INF/services/" + SERVICE;
    try (InputStream in =
        filer.getResource(StandardLocation.CLASS_OUTPUT, "", path).openInputStream()) {
      for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
          .split("\n")) {
        String name = line.strip();
        if (!name.isEmpty() && !name.startsWith("#") && elements.getTypeElement(name) != null) {
          all.add(name);
        }
      }
    } catch (IOException | IllegalArgumentException none) {
      // No earlier services file in this output.
    }
    writer.writeServiceFile(SERVICE, new ArrayList<>(new TreeSet<>(all)));
  }

  private TypeElement type(String qualifiedName) {
    return elements.getTypeElement(qualifiedName);
  }

  private static String qualified(String packageName, String simpleName) {
    return packageName.isEmpty() ? simpleName : packageName + "." + simpleName;
  }
}
