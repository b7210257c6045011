package io.torematrix.eventbus.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torematrix.eventbus.EventStoreException;
import io.torematrix.eventbus.annotation.TopicSyntax;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without its driver on the class path, a store says which Maven artifact to add, at the version
 * the project is tested with (the root pom's). The stores are
 * loaded here by a class loader that sees this module, the runtime and the annotations, and no
 * driver.
 */
class MissingDriverTest {
  @TempDir Path directory;

  private static Throwable callWithoutDrivers(String method, Class<?> parameter, Object argument) throws Exception {
    URL[] classes = {
      JdbcEventStores.class.getProtectionDomain().getCodeSource().getLocation(),
      EventStoreException.class.getProtectionDomain().getCodeSource().getLocation(),
      TopicSyntax.class.getProtectionDomain().getCodeSource().getLocation()
    };
    try (URLClassLoader loader = new URLClassLoader(classes, ClassLoader.getPlatformClassLoader())) {
      Class<?> stores = loader.loadClass(JdbcEventStores.class.getName());
      Method open = stores.getMethod(method, parameter);
      InvocationTargetException e =
          assertThrows(InvocationTargetException.class, () -> open.invoke(null, argument));
      assertEquals(EventStoreException.class.getName(), e.getCause().getClass().getName());
      return e.getCause();
    }
  }

  /** The version of {@code artifact} the root pom gives, passed by Maven (surefire) to the tests. */
  private static String testedVersion(String artifact) {
    String version = System.getProperty("eventbus.test." + artifact + ".version");
    assertNotNull(version, "run by Maven, which passes the root pom's " + artifact + ".version");
    assertTrue(version.matches("[0-9]+(\\.[0-9]+)+"), version);
    return version;
  }

  @Test
  void sqliteWithoutItsDriverNamesTheArtifactAndTheVersionToAdd() throws Exception {
    String version = testedVersion("sqlite-jdbc");
    Throwable e = callWithoutDrivers("sqlite", Path.class, directory.resolve("events.db"));
    assertEquals(
        "the SQLite event store needs the JDBC driver org.xerial:sqlite-jdbc, which is not on the class"
            + " path: add the dependency <groupId>org.xerial</groupId><artifactId>sqlite-jdbc</artifactId>"
            + "<version>" + version + "</version> (Gradle: \"org.xerial:sqlite-jdbc:" + version + "\"),"
            + " the version this store is tested with",
        e.getMessage());
  }

  @Test
  void postgresWithoutItsDriverNamesTheArtifactAndTheVersionToAdd() throws Exception {
    String version = testedVersion("postgresql");
    Throwable e = callWithoutDrivers("postgres", String.class, "jdbc:postgresql://127.0.0.1:5432/test");
    assertEquals(
        "the PostgreSQL event store needs the JDBC driver org.postgresql:postgresql, which is not on the"
            + " class path: add the dependency <groupId>org.postgresql</groupId><artifactId>postgresql</artifactId>"
            + "<version>" + version + "</version> (Gradle: \"org.postgresql:postgresql:" + version + "\"),"
            + " the version this store is tested with",
        e.getMessage());
  }
}
