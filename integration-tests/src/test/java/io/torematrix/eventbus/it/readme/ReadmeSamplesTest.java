package io.torematrix.eventbus.it.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The README's snippets and the sample projects under {@code samples/}, which {@code .ci/samples}
 * builds against the installed artifacts, are the same text, and every version the README or a
 * sample names is the root {@code pom.xml}'s.
 *
 * <p>A README snippet is tied to sample files by an HTML comment on the line before its fence:
 * {@code <!-- sample: samples/a/pom.xml, samples/b/pom.xml -->}. Each of those files must hold the
 * snippet's lines one after another, word for word; only indenting the whole snippet further is
 * allowed (a dependency sits inside {@code <dependencies>}, a statement inside a method).
 */
class ReadmeSamplesTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern MARKER = Pattern.compile("<!-- sample: (.+) -->");
  private static final Pattern XML_COORDINATES =
      Pattern.compile(
          "<groupId>([^<]+)</groupId>\\s*<artifactId>([^<]+)</artifactId>\\s*<version>([^<]+)</version>");
  private static final Pattern TEXT_COORDINATES =
      Pattern.compile("\\b([a-z][\\w.-]*\\.[\\w.-]+):([a-z][\\w-]*):(\\d[\\w.-]*\\w)");

  /** A fenced block of the README tied to sample files. */
  record Snippet(int line, List<String> text, List<String> files) {}

  @Test
  void everyMarkedSnippetStandsWordForWordInEachOfItsSampleFiles() throws IOException {
    List<Snippet> snippets = snippets();
    List<String> wrong = new ArrayList<>();
    for (Snippet snippet : snippets) {
      for (String file : snippet.files()) {
        Path path = ROOT.resolve(file);
        if (!Files.isRegularFile(path)) {
          wrong.add("README.md:" + snippet.line() + " names " + file + ", which does not exist");
        } else if (!contains(Files.readAllLines(path), snippet.text())) {
          wrong.add(
              "README.md:"
                  + snippet.line()
                  + ": this snippet is not in "
                  + file
                  + " word for word; change the README and the sample together:\n"
                  + String.join("\n", snippet.text()));
        }
      }
    }
    assertEquals(List.of(), wrong, () -> String.join("\n\n", wrong));
  }

  @Test
  void everySampleFileTheReadmeDoesNotExplainIsKnownToBeHarness() throws IOException {
    Set<String> named = new TreeSet<>();
    snippets().forEach(snippet -> named.addAll(snippet.files()));
    Set<String> unnamed = new TreeSet<>();
    try (Stream<Path> files = Files.walk(ROOT.resolve("samples"))) {
      files
          .filter(f -> f.toString().endsWith(".java") || f.getFileName().toString().equals("pom.xml"))
          .filter(f -> !ROOT.relativize(f).toString().contains("/target/"))
          .map(f -> ROOT.relativize(f).toString())
          .filter(f -> !named.contains(f))
          .forEach(unnamed::add);
    }
    // Welcome: two handlers of one event in one class, an ordinary design that must compile
    // without a warning under -Xlint:all -Werror; it is not a README snippet.
    assertEquals(Set.of("samples/modular-app/src/main/java/com/acme/Welcome.java"), unnamed);
  }

  @Test
  void theCompilerPluginSnippetsGiveTheVersionMaven38WouldOtherwiseLeaveAt31() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    Matcher plugin =
        Pattern.compile("<artifactId>maven-compiler-plugin</artifactId>\\s*(<[a-zA-Z]+>)").matcher(readme);
    int found = 0;
    while (plugin.find()) {
      found++;
      assertEquals("<version>", plugin.group(1), "README.md at " + plugin.start());
    }
    assertTrue(found > 0, "the README shows no maven-compiler-plugin");
  }

  @Test
  void everyVersionInTheReadmeAndTheSamplesIsTheRootPomsOne() throws Exception {
    Map<String, String> managed = managedVersions();
    List<String> wrong = new ArrayList<>();
    List<Path> texts = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> poms = Files.walk(ROOT.resolve("samples"))) {
      poms.filter(f -> f.getFileName().toString().equals("pom.xml"))
          .filter(f -> !f.toString().contains("/target/"))
          .forEach(texts::add);
    }
    int checked = 0;
    for (Path file : texts) {
      String text = Files.readString(file);
      for (Pattern pattern : List.of(XML_COORDINATES, TEXT_COORDINATES)) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
          String key = m.group(1) + ":" + m.group(2);
          if (m.group(1).equals("com.acme")) {
            continue; // a sample's own coordinates
          }
          String expected = managed.getOrDefault(key, managed.get(m.group(1) + ":*"));
          checked++;
          if (expected == null) {
            wrong.add(ROOT.relativize(file) + " names " + key + ", whose version the root pom does not manage");
          } else if (!expected.equals(m.group(3))) {
            wrong.add(
                ROOT.relativize(file) + " gives " + key + ":" + m.group(3) + "; the root pom has " + expected);
          }
        }
      }
      Matcher snapshot = Pattern.compile("\\b\\d+\\.\\d+\\.\\d+-SNAPSHOT\\b").matcher(text);
      while (snapshot.find()) {
        if (!snapshot.group().equals(managed.get("io.torematrix.eventbus:eventbus-runtime"))) {
          wrong.add(ROOT.relativize(file) + " names version " + snapshot.group());
        }
      }
    }
    assertEquals(List.of(), wrong, () -> String.join("\n", wrong));
    assertTrue(checked >= 20, "only " + checked + " coordinates found: is the pattern still right?");
  }

  /** The README's snippets tied to sample files, in order. */
  private static List<Snippet> snippets() throws IOException {
    List<String> lines = Files.readAllLines(ROOT.resolve("README.md"));
    List<Snippet> snippets = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher marker = MARKER.matcher(lines.get(i).strip());
      if (!marker.matches()) {
        continue;
      }
      assertTrue(
          i + 1 < lines.size() && lines.get(i + 1).startsWith("```"),
          "README.md:" + (i + 1) + ": a sample marker must stand right before a fenced block");
      int start = i + 2;
      int end = start;
      while (end < lines.size() && !lines.get(end).startsWith("```")) {
        end++;
      }
      List<String> files = new ArrayList<>();
      for (String file : marker.group(1).split(",")) {
        files.add(file.strip());
      }
      snippets.add(new Snippet(start + 1, List.copyOf(lines.subList(start, end)), files));
      i = end;
    }
    assertTrue(snippets.size() >= 10, "only " + snippets.size() + " README snippets are tied to samples");
    return snippets;
  }

  /**
   * Whether {@code file} holds {@code snippet} as consecutive lines, each indented by the same
   * extra prefix of spaces (blank lines match blank lines; trailing spaces do not count).
   */
  static boolean contains(List<String> file, List<String> snippet) {
    for (int start = 0; start + snippet.size() <= file.size(); start++) {
      String first = file.get(start).stripTrailing();
      String want = snippet.get(0).stripTrailing();
      if (!first.endsWith(want) || !first.substring(0, first.length() - want.length()).isBlank()) {
        continue;
      }
      String indent = first.substring(0, first.length() - want.length());
      boolean all = true;
      for (int k = 0; k < snippet.size() && all; k++) {
        String line = snippet.get(k).stripTrailing();
        String actual = file.get(start + k).stripTrailing();
        all = line.isEmpty() ? actual.isEmpty() : actual.equals(indent + line);
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code groupId:artifactId} to version for every dependency and plugin the root pom manages,
   * and for this project's own artifacts.
   */
  private static Map<String, String> managedVersions() throws Exception {
    Document pom =
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(ROOT.resolve("pom.xml").toFile());
    Element project = pom.getDocumentElement();
    Map<String, String> properties = new HashMap<>();
    String version = child(project, "version").getTextContent().strip();
    properties.put("project.version", version);
    NodeList props = child(project, "properties").getChildNodes();
    for (int i = 0; i < props.getLength(); i++) {
      if (props.item(i) instanceof Element property) {
        properties.put(property.getTagName(), property.getTextContent().strip());
      }
    }
    Map<String, String> managed = new LinkedHashMap<>();
    NodeList artifacts = pom.getElementsByTagName("artifactId");
    for (int i = 0; i < artifacts.getLength(); i++) {
      Element artifact = (Element) artifacts.item(i);
      Node parent = artifact.getParentNode();
      String kind = ((Element) parent).getTagName();
      if (!kind.equals("dependency") && !kind.equals("plugin")) {
        continue;
      }
      Element groupElement = child((Element) parent, "groupId");
      Element versionElement = child((Element) parent, "version");
      if (versionElement == null) {
        continue;
      }
      String group = groupElement == null ? "org.apache.maven.plugins" : groupElement.getTextContent().strip();
      String name = artifact.getTextContent().strip();
      String resolved = resolve(versionElement.getTextContent().strip(), properties);
      managed.put(group + ":" + name, resolved);
      if (name.endsWith("-bom")) {
        managed.putIfAbsent(group + ":*", resolved); // the artifacts of an imported BOM's group
      }
    }
    for (String published :
        List.of("eventbus-annotations", "eventbus-cli", "eventbus-parent")) {
      managed.put("io.torematrix.eventbus:" + published, version);
    }
    return managed;
  }

  private static String resolve(String value, Map<String, String> properties) {
    Matcher reference = Pattern.compile("\\$\\{([^}]+)}").matcher(value);
    StringBuilder resolved = new StringBuilder();
    while (reference.find()) {
      String property = properties.get(reference.group(1));
      if (property == null) {
        throw new IllegalStateException("the root pom has no property " + reference.group(1));
      }
      reference.appendReplacement(resolved, Matcher.quoteReplacement(property));
    }
    reference.appendTail(resolved);
    return resolved.toString();
  }

  private static Element child(Element parent, String tag) {
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element && element.getTagName().equals(tag)) {
        return element;
      }
    }
    return null;
  }
}
